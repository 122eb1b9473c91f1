namespace RRBackup.MSBuild.Tests.Tasks;

/// <summary>Output items keep paths and metadata literally, MSBuild's special characters included.</summary>
[TestFixture]
public sealed class TaskItemsTests
{
    [TestCase("/plain/name.txt")]
    [TestCase("/odd;name %41 $(x) @(y) 'q' *?.txt")]
    [TestCase("%")]
    public void Item_specs_and_metadata_read_back_as_given(string text)
    {
        var item = TaskItems.Create(text).With("Value", text);

        Assert.That(item.ItemSpec, Is.EqualTo(text));
        Assert.That(item.GetMetadata("Value"), Is.EqualTo(text));
    }

    [Test]
    public void Labels_read_as_the_msbuild_list_they_were_given_as()
    {
        var text = TaskItems.Labels(new Dictionary<string, string> { ["git"] = "abc123", ["build"] = "77" });

        Assert.That(text, Is.EqualTo("build=77;git=abc123"));
    }
}
