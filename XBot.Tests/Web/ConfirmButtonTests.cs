using Bunit;
using XBot.Web.Components.Shared;

namespace XBot.Tests.Web;

public sealed class ConfirmButtonTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    [Fact]
    public void Nothing_runs_until_the_operator_confirms()
    {
        var runs = 0;
        var button = _context.Render<ConfirmButton>(p => p
            .Add(b => b.Id, "clear")
            .Add(b => b.Label, "Clear")
            .Add(b => b.Question, "Clear everything?")
            .Add(b => b.OnConfirmed, (string _) => runs++));

        button.Find("#clear").Click();
        var dialogShown = button.FindAll("[role=dialog]").Count;
        button.Find(".dialog-cancel").Click();
        var afterCancel = (runs, button.FindAll("[role=dialog]").Count);
        button.Find("#clear").Click();
        button.Find(".dialog-confirm").Click();

        Assert.Equal(1, dialogShown);
        Assert.Equal((0, 0), afterCancel);
        Assert.Equal(1, runs);
    }

    [Fact]
    public void A_typed_confirmation_must_match_exactly()
    {
        var runs = 0;
        var button = _context.Render<ConfirmButton>(p => p
            .Add(b => b.Id, "brake")
            .Add(b => b.Label, "Brake")
            .Add(b => b.Question, "Stop posting?")
            .Add(b => b.ConfirmText, "brake")
            .Add(b => b.OnConfirmed, (string _) => runs++));

        button.Find("#brake").Click();
        var disabledEmpty = button.Find(".dialog-confirm").HasAttribute("disabled");
        button.Find(".dialog-typed").Input("Brake");
        var disabledWrongCase = button.Find(".dialog-confirm").HasAttribute("disabled");
        button.Find(".dialog-typed").Input("brake");
        button.Find(".dialog-confirm").Click();

        Assert.True(disabledEmpty);
        Assert.True(disabledWrongCase);
        Assert.Equal(1, runs);
    }

    [Fact]
    public void A_reason_is_required_and_passed_on()
    {
        string? given = null;
        var button = _context.Render<ConfirmButton>(p => p
            .Add(b => b.Id, "reject")
            .Add(b => b.Label, "Reject")
            .Add(b => b.Question, "Reject it?")
            .Add(b => b.AskReason, true)
            .Add(b => b.OnConfirmed, (string reason) => given = reason));

        button.Find("#reject").Click();
        var disabledWithoutReason = button.Find(".dialog-confirm").HasAttribute("disabled");
        button.Find(".dialog-reason").Input("  off topic ");
        button.Find(".dialog-confirm").Click();

        Assert.True(disabledWithoutReason);
        Assert.Equal("off topic", given);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
