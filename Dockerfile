# The cnpg-dr worker image (README "Run it in your cluster"):
#   docker build -t registry.example.com/cnpg-dr:0.1.0 .
# Build stage: the same `dotnet publish` as tests/CnpgDrTemporal.Tests/Worker/PublishedWorkerTests.cs, which
# runs its output exactly as ENTRYPOINT below does.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Worker/CnpgDrTemporal.Worker.csproj -c Release -o /app

# Runtime: the ASP.NET Core runtime (Kestrel serves /healthz and /readyz), no SDK, and the tools the
# activities execute: barman-cloud-* and postgresql-<major> for local drills, kubectl for the render check.
# .NET 10 images are Ubuntu: PostgreSQL (the major of your clusters) and barman come from PGDG's apt repository.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble
ARG PG_MAJOR=15
ARG KUBECTL_MINOR=v1.32
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl gnupg; \
    install -d /etc/apt/keyrings /etc/postgresql-common; \
    . /etc/os-release; \
    curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc | gpg --dearmor -o /etc/apt/keyrings/pgdg.gpg; \
    echo "deb [signed-by=/etc/apt/keyrings/pgdg.gpg] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" > /etc/apt/sources.list.d/pgdg.list; \
    curl -fsSL "https://pkgs.k8s.io/core:/stable:/${KUBECTL_MINOR}/deb/Release.key" | gpg --dearmor -o /etc/apt/keyrings/kubernetes.gpg; \
    echo "deb [signed-by=/etc/apt/keyrings/kubernetes.gpg] https://pkgs.k8s.io/core:/stable:/${KUBECTL_MINOR}/deb/ /" > /etc/apt/sources.list.d/kubernetes.list; \
    # The worker starts its own throwaway servers: no cluster at install time.
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf; \
    apt-get update; \
    apt-get install -y --no-install-recommends "postgresql-${PG_MAJOR}" barman-cli-cloud kubectl git; \
    apt-get purge -y curl gnupg; \
    apt-get autoremove -y; \
    rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
WORKDIR /app
# The image's non-root user (UID 1654, deploy/base/deployment.yaml runs as it).
USER $APP_UID
ENTRYPOINT ["/app/cnpg-dr"]
