using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Activities.Backups;

/// <summary>Builds S3 clients for S3-compatible servers (path style, checksums only when required).</summary>
public sealed class BucketReaderFactory(IOptions<S3Options> options)
{
    public S3Options Options => options.Value;

    public BucketReader Create() =>
        string.IsNullOrWhiteSpace(Options.Bucket)
            ? throw new DrException("Dr:S3:Bucket is empty: name the bucket the backups are in (e.g. Dr__S3__Bucket=postgres-backups)")
            : new(CreateClient(Options), Options.Bucket, Options.Endpoint);

    public static AmazonS3Client CreateClient(S3Options o)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = o.ForcePathStyle,
            AuthenticationRegion = o.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = o.RequestTimeout,
            MaxErrorRetry = 2,
        };
        if (!string.IsNullOrEmpty(o.ServiceUrl))
        {
            config.ServiceURL = o.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(o.Region);
        }

        if (!string.IsNullOrEmpty(o.Profile))
        {
            var store = string.IsNullOrEmpty(o.ProfilesLocation) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(o.ProfilesLocation);
            if (!store.TryGetAWSCredentials(o.Profile, out var credentials))
            {
                throw new DrException($"AWS profile '{o.Profile}' (Dr:S3:Profile) was not found");
            }

            return new AmazonS3Client(credentials, config);
        }

        return new AmazonS3Client(config);
    }
}
