#!/usr/bin/env python3
"""Renders the stat/bargauge panels of a Grafana dashboard JSON into a static HTML page, each query
evaluated by a real Prometheus (HTTP API). Rows with "repeat" are repeated per value of their variable.
Usage: render_dashboard.py DASHBOARD.json PROMETHEUS_URL OUT.html"""
import html
import json
import re
import sys
import time
import urllib.parse
import urllib.request


def query(prom, expr):
    url = f"{prom}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)["data"]["result"]


def label_values(prom, definition):
    m = re.match(r"label_values\((.+),\s*(\w+)\)", definition)
    return sorted({s["metric"].get(m.group(2)) for s in query(prom, m.group(1)) if m.group(2) in s["metric"]})


def fmt(value, unit, mappings):
    for mp in mappings:
        hit = mp.get("options", {}).get(str(int(value)) if value == int(value) else str(value))
        if hit:
            return hit["text"], hit.get("color")
    if unit == "s":
        v = abs(value)
        for size, name in ((86400, "d"), (3600, "h"), (60, "min")):
            if v >= size:
                return f"{value / size:.1f} {name}", None
        return f"{value:.0f} s", None
    if unit == "dateTimeAsIso":
        return (time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(value / 1000)) if value else "-"), None
    return (f"{value:.0f}" if value == int(value) else f"{value:.2f}"), None


def color(value, defaults, mapped):
    if mapped:
        return mapped
    steps = defaults.get("thresholds", {}).get("steps")
    if steps:
        c = steps[0]["color"]
        for s in steps[1:]:
            if value >= s["value"]:
                c = s["color"]
        return c
    return defaults.get("color", {}).get("fixedColor", "blue")


def legend(fmt_, metric):
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: metric.get(m.group(1), ""), fmt_ or "")


def panel_html(prom, p, variables):
    defaults = p["fieldConfig"]["defaults"]
    cells = []
    for t in p["targets"]:
        expr = t["expr"]
        for k, v in variables.items():
            expr = expr.replace(f"${k}", v)
        for s in query(prom, expr):
            value = float(s["value"][1])
            text, mapped = fmt(value, defaults.get("unit"), defaults.get("mappings", []))
            name = legend(t.get("legendFormat"), s["metric"])
            if p["options"].get("textMode") == "name":
                text, name = name, ""
            cells.append((name, text, color(value, defaults, mapped)))
    body = "".join(
        f'<div class="cell {c}"><div class="v">{html.escape(v)}</div><div class="n">{html.escape(n)}</div></div>'
        for n, v, c in cells) or '<div class="empty">no data</div>'
    g = p["gridPos"]
    return (f'<div class="panel" style="grid-column:{g["x"] + 1}/span {g["w"]};grid-row:span {g["h"]}">'
            f'<div class="t">{html.escape(p["title"])}</div><div class="cells">{body}</div></div>')


def main(dashboard_path, prom, out):
    d = json.load(open(dashboard_path))
    var_defs = {v["name"]: v for v in d["templating"]["list"]}
    sections, current = [], None
    for p in d["panels"]:
        if p["type"] == "row":
            current = {"row": p, "panels": []}
            sections.append(current)
        elif current is not None:
            current["panels"].append(p)
    parts = []
    for s in sections:
        row = s["row"]
        repeat = row.get("repeat")
        values = label_values(prom, var_defs[repeat]["definition"]) if repeat else [None]
        for v in values:
            variables = {repeat: v} if repeat else {}
            title = row["title"].replace(f"${repeat}", v) if repeat else row["title"]
            parts.append(f'<h2>{html.escape(title)}</h2><div class="grid">'
                         + "".join(panel_html(prom, p, variables) for p in s["panels"]) + "</div>")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    page = f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{background:#111217;color:#ccccdc;font-family:Inter,Helvetica,Arial,sans-serif;margin:16px;width:1400px}}
h1{{font-size:20px;margin:0 0 4px}} .sub{{font-size:12px;color:#8e8e9e;margin-bottom:8px}}
h2{{font-size:15px;margin:14px 0 6px;border-bottom:1px solid #2c2d33;padding-bottom:4px}}
.grid{{display:grid;grid-template-columns:repeat(24,1fr);grid-auto-rows:26px;gap:6px}}
.panel{{background:#181b1f;border:1px solid #2c2d33;border-radius:3px;padding:6px;overflow:hidden;display:flex;flex-direction:column}}
.t{{font-size:12px;font-weight:600;margin-bottom:4px}} .cells{{display:flex;flex-wrap:wrap;gap:4px;flex:1}}
.cell{{flex:1;min-width:90px;border-radius:2px;padding:4px 6px;display:flex;flex-direction:column;justify-content:center}}
.v{{font-size:20px;font-weight:600;color:#fff}} .n{{font-size:11px;color:#eee}}
.green{{background:#37872d}} .red{{background:#c4162a}} .blue{{background:#1f60c4}} .empty{{color:#8e8e9e;font-size:12px;margin:auto}}
</style></head><body><h1>{html.escape(d["title"])}</h1>
<div class="sub">Rendered {stamp} from the lab by docs/monitoring/render-dashboard.sh: each panel's PromQL evaluated by Prometheus over a scrape of <code>cnpg-dr metrics --serve</code>.</div>
{"".join(parts)}</body></html>"""
    open(out, "w").write(page)


if __name__ == "__main__":
    main(*sys.argv[1:4])
