using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.Crash;

/// <summary>
/// Version ids are the store's: S3 servers issue ids that may start with '-' (Ceph RGW gave
/// '-k3sMd8An9AqTtmy6F2C0H9Gmm1IJIa' in ConcurrentProcessTests). An id copied from list_versions must be
/// usable as the VERSION argument as it is, not only after '--'.
/// </summary>
[TestFixture]
public sealed class VersionArgumentTests
{
    [Test]
    public void A_version_id_that_starts_with_a_dash_is_taken_as_the_version_not_as_an_option()
    {
        using var sandbox = new CliSandbox();
        sandbox.WriteConfig();
        sandbox.WriteFile("/a.txt", "alpha\n", SourceTimes.At(1));
        sandbox.Commit();

        var withDashDash = sandbox.Run("list_files", "--", "-k3sMd8An9AqTtmy6F2C0H9Gmm1IJIa");
        var plain = sandbox.Run("list_files", "-k3sMd8An9AqTtmy6F2C0H9Gmm1IJIa");

        Assert.That(withDashDash.ExitCode, Is.EqualTo(5), withDashDash.ToString());
        Assert.That(plain.ExitCode, Is.EqualTo(5), $"a VERSION that starts with '-' is refused as an unknown option{Environment.NewLine}{plain}");
        Assert.That(plain.StandardError, Does.Contain("'-k3sMd8An9AqTtmy6F2C0H9Gmm1IJIa' does not exist"), plain.ToString());
    }
}
