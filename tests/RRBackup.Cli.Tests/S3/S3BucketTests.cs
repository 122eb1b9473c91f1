using Amazon.S3;
using Amazon.S3.Model;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.S3;

/// <summary>What the CLI does with the bucket itself: versioning off, a missing bucket, wrong credentials.</summary>
[TestFixture]
public sealed class S3BucketTests
{
    private S3TestServer _server = null!;
    private CliSandbox _sandbox = null!;
    private readonly List<string> _buckets = [];

    [OneTimeSetUp]
    public void FindServer() => _server = S3TestServer.FromEnvironment();

    [OneTimeTearDown]
    public void ForgetServer() => _server?.Dispose();

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteFile("/a.txt", "first\n", SourceTimes.At(1));
        _sandbox.WriteFile("/dir/b.txt", "second\n", SourceTimes.At(2));
    }

    [TearDown]
    public async Task TearDown()
    {
        _sandbox.Dispose();
        foreach (var bucket in _buckets)
        {
            await _server.DeleteBucketAsync(bucket);
        }

        _buckets.Clear();
    }

    [Test]
    public async Task The_first_commit_into_a_fresh_bucket_without_versioning_enables_versioning()
    {
        var bucket = await CreateBucketAsync("fresh", versioned: false);
        var before = await _server.Client.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket });
        Assert.That(before.VersioningConfig?.Status, Is.Not.EqualTo(VersionStatus.Enabled), "the bucket starts without versioning");
        _sandbox.WriteS3Config(_server, bucket);

        _sandbox.Commit("--message", "into a fresh bucket");

        var after = await _server.Client.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket });
        Assert.That(after.VersioningConfig?.Status, Is.EqualTo(VersionStatus.Enabled));
        Assert.That(_sandbox.ListVersions(), Has.Count.EqualTo(1));
        var restored = _sandbox.NewPath("restore");
        _sandbox.RunOk("download", "latest", restored);
        TreeSnapshot.AssertFolderHolds(restored, _sandbox.CaptureBase(), "download of the first version");
    }

    [Test]
    public async Task A_missing_bucket_is_a_store_error_naming_the_bucket_and_is_not_created()
    {
        var bucket = S3TestServer.NewBucketName("missing");
        _buckets.Add(bucket); // in case the CLI creates it after all
        _sandbox.WriteS3Config(_server, bucket);

        var commit = _sandbox.RunFailing(ExitCodes.Store, [], bucket);
        var list = _sandbox.RunFailing(ExitCodes.Store, ["list_versions"], bucket);

        foreach (var result in new[] { commit, list })
        {
            TestContext.Out.WriteLine("      stderr: " + result.StandardError.Trim());
            Assert.That(result.StandardError, Does.Contain("does not exist"), result.ToString());
            Assert.That(result.StandardError, Does.Not.Contain("   at "), $"no stack trace{Environment.NewLine}{result}");
        }

        Assert.That(await _server.BucketExistsAsync(bucket), Is.False, "the CLI must not create a bucket");
        Assert.That(File.Exists(_sandbox.CacheFile), Is.False, "nothing was committed, so no manifest cache");
    }

    [TestCase("secret", TestName = "A_wrong_secret_key_is_a_clear_store_error_that_shows_no_secret")]
    [TestCase("access", TestName = "A_wrong_access_key_is_a_clear_store_error_that_shows_no_secret")]
    public async Task Wrong_credentials(string wrong)
    {
        var bucket = await CreateBucketAsync("creds", versioned: true);
        var wrongSecret = "WrongSecret-" + Guid.NewGuid().ToString("N");
        var wrongAccess = "WRONGACCESS" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();
        if (wrong == "secret")
        {
            _sandbox.WriteS3Config(_server, bucket, secretKey: wrongSecret);
        }
        else
        {
            _sandbox.WriteS3Config(_server, bucket, accessKey: wrongAccess);
        }

        var results = new[]
        {
            _sandbox.Run(),
            _sandbox.Run("list_versions"),
            _sandbox.Run("download", "latest", _sandbox.NewPath("restore")),
        };

        foreach (var result in results)
        {
            TestContext.Out.WriteLine("      stderr: " + result.StandardError.Trim());
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Store), result.ToString());
            Assert.That(result.StandardError, Does.Contain(bucket), $"the message names the bucket{Environment.NewLine}{result}");
            Assert.That(result.StandardError, Does.Contain("refused").And.Contain("secret key"), $"the message says what to check{Environment.NewLine}{result}");
            Assert.That(result.StandardError, Does.Not.Contain("   at "), $"no stack trace{Environment.NewLine}{result}");
            var everything = result.StandardOutput + result.StandardError;
            Assert.That(everything, Does.Not.Contain(wrongSecret), $"the wrong secret shows{Environment.NewLine}{result}");
            Assert.That(everything, Does.Not.Contain(_server.SecretKey), $"the real secret shows{Environment.NewLine}{result}");
        }

        Assert.That(await _server.ListAllVersionsAsync(bucket), Is.Empty, "nothing was written");
        Assert.That(Directory.Exists(Path.Combine(_sandbox.Root, "restore")), Is.False, "the download made no target folder");
    }

    private async Task<string> CreateBucketAsync(string purpose, bool versioned)
    {
        var bucket = await _server.CreateBucketAsync(purpose, versioned);
        _buckets.Add(bucket);
        return bucket;
    }
}
