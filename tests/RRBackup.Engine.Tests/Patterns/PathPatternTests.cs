using RRBackup.Engine.Patterns;

namespace RRBackup.Engine.Tests.Patterns;

[TestFixture]
public sealed class PathPatternTests
{
    [TestCase("/foo*", "/foo", true)]
    [TestCase("/foo*", "/foobar.txt", true)]
    [TestCase("/foo*", "/foo/bar/baz.txt", true, Description = "a pattern matching a folder covers all inside it")]
    [TestCase("/foo*", "/a/foo", false, Description = "a leading slash anchors at base_path")]
    [TestCase("*", "/anything/at/all", true)]
    [TestCase("*.log", "/a.log", true)]
    [TestCase("*.log", "/deep/down/b.log", true, Description = "no leading slash matches at any depth")]
    [TestCase("*.log", "/a.log.txt", false)]
    [TestCase("/*.log", "/deep/b.log", false, Description = "'*' stays within one segment")]
    [TestCase("/a/*/c.txt", "/a/b/c.txt", true)]
    [TestCase("/a/*/c.txt", "/a/b/x/c.txt", false)]
    [TestCase("/a/**/c.txt", "/a/b/x/c.txt", true, Description = "'**' crosses segments")]
    [TestCase("/a/**/c.txt", "/a/c.txt", true)]
    [TestCase("/a/?.txt", "/a/b.txt", true)]
    [TestCase("/a/?.txt", "/a/bb.txt", false)]
    [TestCase("/cache", "/cache/x", true)]
    [TestCase("/cache", "/cachex", false)]
    [TestCase("/cache/", "/cache/x", true)]
    [TestCase("cache", "/a/cache/x", true)]
    [TestCase("/héllo/*", "/héllo/wörld", true)]
    [TestCase("/a/b.txt", "/a/b.txt", true, Description = "a plain path matches itself")]
    [TestCase("/a/b.txt", "/a/b.txt/c", true, Description = "and what is inside it")]
    [TestCase("/a/b.txt", "/a/b.txtx", false)]
    [TestCase("/a/b.txt", "/a/b.tx", false)]
    [TestCase("/a/b.txt", "/x/a/b.txt", false)]
    [TestCase("/a.b", "/aXb", false, Description = "'.' is no wildcard")]
    [TestCase("/Cache", "/cache", false, Description = "matching is case-sensitive")]
    [TestCase("/a/[bc].txt", "/a/c.txt", true)]
    [TestCase("/a/[bc].txt", "/a/d.txt", false)]
    [TestCase("/a/b*/c", "/a/bee/c/d", true)]
    [TestCase("/a/b*/c", "/a/c/c", false)]
    public void A_pattern_matches_paths_as_documented(string pattern, string path, bool expected)
    {
        Assert.That(PathPattern.Parse(pattern).Matches(path), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("a\\b")]
    public void An_unusable_pattern_is_rejected_with_a_reason(string pattern)
    {
        var error = Assert.Throws<FormatException>(() => PathPattern.Parse(pattern));

        Assert.That(error!.Message, Is.Not.Empty);
    }

    [Test]
    public void A_list_matches_when_any_pattern_does_whatever_the_order()
    {
        var forwards = PathPatternList.Parse(["*", "/keep"]);
        var backwards = PathPatternList.Parse(["/keep", "*"]);

        Assert.That(forwards.MatchesAny("/x"), Is.True);
        Assert.That(backwards.MatchesAny("/x"), Is.True);
        Assert.That(PathPatternList.Empty.MatchesAny("/x"), Is.False);
    }

    [Test]
    public void Anchored_patterns_name_the_outermost_starts_that_cover_every_match()
    {
        var patterns = PathPatternList.Parse(["/c/d", "/a/b.txt", "/c*", "/a", "/a/[bc].txt"]);

        Assert.That(patterns.OutermostLiteralPrefixes(), Is.EqualTo(new[] { "/a", "/c" }));
    }

    [Test]
    public void A_pattern_that_matches_at_any_depth_has_no_start()
    {
        Assert.That(PathPatternList.Parse(["/a", "b.txt"]).OutermostLiteralPrefixes(), Is.Null);
        Assert.That(PathPatternList.Parse(["**/x"]).OutermostLiteralPrefixes(), Is.Null);
    }
}
