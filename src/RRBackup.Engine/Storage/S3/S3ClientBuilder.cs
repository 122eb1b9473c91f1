using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Storage.S3;

/// <summary>Builds the SDK client from the [s3] settings.</summary>
internal static class S3ClientBuilder
{
    /// <summary>The region request signing uses with a custom endpoint when none is configured.</summary>
    public const string DefaultEndpointRegion = "us-east-1";

    public static AmazonS3Client Create(S3StoreSettings settings, S3ObjectStoreOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.PathStyle,
            // Standard: exponential backoff with jitter for throttling (503 SlowDown), 5xx, resets and
            // timeouts; 4xx answers such as 403 and 404 are final.
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxErrorRetry,
            Timeout = options.RequestTimeout ?? settings.RequestTimeout,
        };

        var endpoint = EndpointUri(settings);
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(settings.Region) ? DefaultEndpointRegion : settings.Region;
        }
        else if (!string.IsNullOrWhiteSpace(settings.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }

        if (settings.ChecksumsWhenRequired)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        if (options.HttpMessageHandler is not null)
        {
            config.HttpClientFactory = new HandlerHttpClientFactory(options.HttpMessageHandler);
        }

        var hasAccessKey = !string.IsNullOrEmpty(settings.AccessKey);
        var hasSecretKey = !string.IsNullOrEmpty(settings.SecretKey);
        if (hasAccessKey != hasSecretKey)
        {
            throw ConfigError(settings, hasAccessKey ? "secret_key" : "access_key",
                "access_key and secret_key must be given together (or both left out to use the AWS credential chain)");
        }

        try
        {
            return hasAccessKey
                ? new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey), config)
                : new AmazonS3Client(config);
        }
        catch (AmazonClientException e)
        {
            throw ConfigError(settings, "region",
                $"cannot set up the S3 client ({e.Message.TrimEnd('.')}); set region (or endpoint), or AWS_REGION / a region in the AWS profile");
        }
    }

    /// <summary>Where the store is, without credentials: "s3://bucket (endpoint)".</summary>
    public static string Describe(S3StoreSettings settings)
    {
        Uri? endpoint;
        try
        {
            endpoint = EndpointUri(settings);
        }
        catch (RRBackupException)
        {
            endpoint = null;
        }

        var where = endpoint is not null
            ? new UriBuilder(endpoint) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : string.IsNullOrWhiteSpace(settings.Region) ? "AWS" : $"AWS {settings.Region}";
        return $"s3://{settings.Bucket} ({where})";
    }

    private static Uri? EndpointUri(S3StoreSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw ConfigError(settings, "endpoint", $"'{settings.Endpoint}' is not an http:// or https:// URL");
        }

        return uri;
    }

    private static RRBackupException ConfigError(S3StoreSettings settings, string setting, string problem)
    {
        if (!string.IsNullOrEmpty(settings.SecretKey))
        {
            problem = problem.Replace(settings.SecretKey, "***", StringComparison.Ordinal);
        }

        return Error.Config(ErrorCodes.ConfigInvalidValue, settings.SourceFile ?? "configuration", $"[s3] {setting}", problem);
    }
}
