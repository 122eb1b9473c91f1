using RRBackup.Engine.Errors;

namespace RRBackup.MSBuild.Tests.Tasks;

/// <summary>Labels arrive as MSBuild splits "build=77;git=abc123": one KEY=VALUE per element, read as the CLI reads --label.</summary>
[TestFixture]
public sealed class LabelTests
{
    [Test]
    public void Pairs_become_a_dictionary()
    {
        var labels = RRBackupCommit.ParseLabels(["build=77", "git=abc123"]);

        Assert.That(labels, Is.EquivalentTo(new Dictionary<string, string> { ["build"] = "77", ["git"] = "abc123" }));
    }

    [Test]
    public void The_key_ends_at_the_first_equals_sign_and_a_value_may_be_empty()
    {
        var labels = RRBackupCommit.ParseLabels(["expr=a=b", "empty="]);

        Assert.That(labels, Is.EquivalentTo(new Dictionary<string, string> { ["expr"] = "a=b", ["empty"] = "" }));
    }

    [Test]
    public void Blank_elements_are_skipped_and_a_later_pair_wins()
    {
        var labels = RRBackupCommit.ParseLabels([" ", "build=1", "", "build=2"]);

        Assert.That(labels, Is.EquivalentTo(new Dictionary<string, string> { ["build"] = "2" }));
    }

    [TestCase("build")]
    [TestCase("=77")]
    public void A_pair_without_a_key_is_a_usage_error(string pair)
    {
        var error = Assert.Throws<RRBackupException>(() => RRBackupCommit.ParseLabels([pair]));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidArguments));
        Assert.That(error.Message, Does.Contain($"'{pair}' is not of the form KEY=VALUE"));
    }
}
