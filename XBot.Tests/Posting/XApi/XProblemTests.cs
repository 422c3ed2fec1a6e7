using XBot.Core.Posting.XApi;

namespace XBot.Tests.Posting.XApi;

public sealed class XProblemTests
{
    [Theory]
    // The v2 answer, as X sends it today.
    [InlineData("{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\",\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}", true)]
    // The same refusal with another title and type.
    [InlineData("{\"title\":\"Duplicate\",\"detail\":\"You are not allowed to create a Tweet with Duplicate Content.\",\"type\":\"https://api.twitter.com/2/problems/duplicate\"}", true)]
    // Inside an errors array.
    [InlineData("{\"errors\":[{\"message\":\"You are not allowed to create a Tweet with duplicate content.\"}],\"title\":\"Forbidden\"}", true)]
    // The old API's shape and code.
    [InlineData("{\"errors\":[{\"code\":187,\"message\":\"Status is a duplicate.\"}]}", true)]
    [InlineData("{\"errors\":[{\"code\":187}]}", true)]
    // The spec's own Error schema: code and message at the top level.
    [InlineData("{\"code\":187,\"message\":\"Status is a duplicate.\"}", true)]
    [InlineData("{\"code\":187}", true)]
    // Other 403s.
    [InlineData("{\"title\":\"Forbidden\",\"detail\":\"You are not permitted to perform this action.\",\"type\":\"about:blank\",\"status\":403}", false)]
    [InlineData("{\"title\":\"Unsupported Authentication\",\"detail\":\"Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.\",\"status\":403}", false)]
    [InlineData("<html><body>403 Forbidden</body></html>", false)]
    [InlineData("", false)]
    [InlineData("[1,2]", false)]
    public void Recognises_the_duplicate_content_refusal_in_every_shape(string body, bool duplicate)
    {
        Assert.Equal(duplicate, XProblem.Parse(body, 403).IsDuplicateContent);
    }

    [Fact]
    public void Reads_title_and_detail_and_falls_back_for_unreadable_bodies()
    {
        var problem = XProblem.Parse("{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}", 401);
        var html = XProblem.Parse("<html>" + new string('x', 500) + "</html>", 502);

        Assert.Equal(("Unauthorized", "Unauthorized", "about:blank"), (problem.Title, problem.Detail, problem.Type));
        Assert.Equal("HTTP 502", html.Title);
        Assert.Equal(200, html.Detail.Length);
    }
}
