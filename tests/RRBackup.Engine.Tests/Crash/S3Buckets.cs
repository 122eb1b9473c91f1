using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using RRBackup.Engine.Configuration;

namespace RRBackup.Engine.Tests.Crash;

/// <summary>
/// The S3 server named by RRBACKUP_S3_ENDPOINT, RRBACKUP_S3_ACCESS_KEY and RRBACKUP_S3_SECRET_KEY, with an
/// SDK client of its own to make a fresh bucket per case and remove it (every version) afterwards.
/// </summary>
public sealed class S3Buckets : IDisposable
{
    private const string EndpointVariable = "RRBACKUP_S3_ENDPOINT";
    private const string AccessKeyVariable = "RRBACKUP_S3_ACCESS_KEY";
    private const string SecretKeyVariable = "RRBACKUP_S3_SECRET_KEY";

    private S3Buckets(string endpoint, string accessKey, string secretKey)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
        SecretKey = secretKey;
        Client = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public string Endpoint { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public AmazonS3Client Client { get; }

    /// <summary>The configured server; ignores the test when none is configured, and fails it in CI (CI=true), where one must be.</summary>
    public static S3Buckets FromEnvironment()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        var accessKey = Environment.GetEnvironmentVariable(AccessKeyVariable);
        var secretKey = Environment.GetEnvironmentVariable(SecretKeyVariable);
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            var message = $"No S3 server: {EndpointVariable}, {AccessKeyVariable} and {SecretKeyVariable} are not set. "
                + "Run 'scripts/s3-server.sh start', then 'set -a; . \"$(cat /tmp/rrbackup-s3-current)/s3.env\"; set +a'.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        return new S3Buckets(endpoint!, accessKey!, secretKey!);
    }

    /// <summary>The [s3] settings of a bucket on this server, as a configuration would give them.</summary>
    public S3StoreSettings Settings(string bucket) => new()
    {
        Bucket = bucket,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        Endpoint = Endpoint,
        PathStyle = true,
        ChecksumsWhenRequired = true,
        Concurrency = 4,
    };

    /// <summary>Creates an empty bucket (without versioning: preparing the store turns it on).</summary>
    public async Task<string> CreateAsync(string purpose)
    {
        var bucket = $"rrbackup-{purpose}-{Guid.NewGuid().ToString("N")[..12]}";
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    /// <summary>Every (key, version id, is delete marker) in the bucket, oldest first within a key.</summary>
    public async Task<List<(string Key, string VersionId, bool IsDeleteMarker)>> ListAllVersionsAsync(string bucket)
    {
        var all = new List<(string, string, bool)>();
        var request = new ListVersionsRequest { BucketName = bucket };
        while (true)
        {
            var page = await Client.ListVersionsAsync(request);
            foreach (var version in page.Versions ?? [])
            {
                all.Add((version.Key, version.VersionId, version.IsDeleteMarker ?? false));
            }

            if (page.IsTruncated != true)
            {
                break;
            }

            request.KeyMarker = page.NextKeyMarker;
            request.VersionIdMarker = page.NextVersionIdMarker;
        }

        // S3 lists each key's versions newest first.
        return [.. all.GroupBy(v => v.Item1).SelectMany(g => g.Reverse())];
    }

    /// <summary>Deletes every version, delete marker and unfinished upload of a bucket, then the bucket. Best effort.</summary>
    public async Task DestroyAsync(string bucket)
    {
        try
        {
            foreach (var (key, versionId, _) in await ListAllVersionsAsync(bucket))
            {
                await Client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
            }

            var uploads = await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
            foreach (var upload in uploads.MultipartUploads ?? [])
            {
                await Client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = upload.Key, UploadId = upload.UploadId });
            }

            await Client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket });
        }
        catch (AmazonS3Exception e)
        {
            TestContext.Out.WriteLine($"    could not remove bucket {bucket}: {e.Message}");
        }
    }

    public void Dispose() => Client.Dispose();
}
