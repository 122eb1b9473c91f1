using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace RRBackup.MSBuild.Tests.Support;

/// <summary>
/// The S3 server (a Ceph RGW started by scripts/s3-server.sh) named by RRBACKUP_S3_ENDPOINT,
/// RRBACKUP_S3_ACCESS_KEY and RRBACKUP_S3_SECRET_KEY, with an SDK client to create and remove test buckets.
/// </summary>
public sealed class S3TestServer : IDisposable
{
    public const string EndpointVariable = "RRBACKUP_S3_ENDPOINT";
    public const string AccessKeyVariable = "RRBACKUP_S3_ACCESS_KEY";
    public const string SecretKeyVariable = "RRBACKUP_S3_SECRET_KEY";

    private S3TestServer(string endpoint, string accessKey, string secretKey)
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

    /// <summary>The configured server; ignores the test when none is configured, and fails it in CI (CI=true), where the server must be there.</summary>
    public static S3TestServer FromEnvironment()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        var accessKey = Environment.GetEnvironmentVariable(AccessKeyVariable);
        var secretKey = Environment.GetEnvironmentVariable(SecretKeyVariable);
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            var message = $"No S3 server for the MSBuild tests: {EndpointVariable}, {AccessKeyVariable} and {SecretKeyVariable} are not set. "
                + "Run 'scripts/s3-server.sh install' (once) and 'scripts/s3-server.sh start', then "
                + "'set -a; . \"$(cat /tmp/rrbackup-s3-current)/s3.env\"; set +a' before running the tests.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        return new S3TestServer(endpoint!, accessKey!, secretKey!);
    }

    /// <summary>Creates a bucket no other test uses (without versioning: the engine switches it on).</summary>
    public async Task<string> CreateBucketAsync(string purpose)
    {
        var bucket = $"rrbackup-msbuild-{purpose}-{Guid.NewGuid().ToString("N")[..12]}";
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return bucket;
    }

    /// <summary>Removes a bucket with every version, delete marker and unfinished upload in it; a missing bucket is fine.</summary>
    public async Task DeleteBucketAsync(string bucket)
    {
        try
        {
            string? keyMarker = null;
            string? versionMarker = null;
            while (true)
            {
                var page = await Client.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket, KeyMarker = keyMarker, VersionIdMarker = versionMarker });
                var versions = page.Versions ?? [];
                if (versions.Count > 0)
                {
                    await Client.DeleteObjectsAsync(new DeleteObjectsRequest
                    {
                        BucketName = bucket,
                        Objects = [.. versions.Select(v => new KeyVersion { Key = v.Key, VersionId = v.VersionId })],
                    });
                }

                if (page.IsTruncated != true)
                {
                    break;
                }

                keyMarker = page.NextKeyMarker;
                versionMarker = page.NextVersionIdMarker;
            }

            var uploads = await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
            foreach (var upload in uploads.MultipartUploads ?? [])
            {
                await Client.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId);
            }

            await Client.DeleteBucketAsync(bucket);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Never created, or already gone.
        }
    }

    public void Dispose() => Client.Dispose();
}
