using System.Net;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>An API call that failed for good; the message names the verb, the resource and Kubernetes' reason.</summary>
public sealed class KubeApiException : DrException
{
    public KubeApiException(string message, HttpStatusCode? statusCode, string? reason, Exception? inner)
        : base(message, inner ?? new InvalidOperationException(message))
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    public KubeApiException()
    {
    }

    public KubeApiException(string message)
        : base(message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>reason</c> of the Kubernetes <c>Status</c> body, e.g. <c>AlreadyExists</c>.</summary>
    public string? Reason { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>A delete's UID precondition did not match: the object was re-created.</summary>
    public bool IsPreconditionFailed => StatusCode == HttpStatusCode.Conflict && Reason != "AlreadyExists";

    public bool IsAlreadyExists => StatusCode == HttpStatusCode.Conflict && Reason == "AlreadyExists";
}
