using System.CommandLine;
using XBot.Core.Operations;

namespace XBot.Worker.Cli;

/// <summary><c>approvals list|approve ID|reject ID --reason</c>: approval mode from the command line, audited with who.</summary>
public static class ApprovalCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var actorOption = new Option<string?>("--actor") { Description = "Who decides, for the audit log (default: cli:<user>)." };
        string Actor(ParseResult parse) => parse.GetValue(actorOption) is { Length: > 0 } given ? given : $"cli:{Environment.UserName}";

        var list = new Command("list", "The picks waiting for approval, with their safety verdicts and scores.");
        list.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var picks = await services.GetRequiredService<Approvals>().ListAsync(1000, token);
            output.Result(picks, picks.Count == 0
                ? "Nothing is waiting for approval."
                : string.Join(Environment.NewLine, picks.Select(p =>
                    $"#{p.Id}  priority {p.Priority:0.###}  risk {p.SafetyVerdict?["Risk"]?.ToJsonString() ?? "?"}  until {p.ApprovalDeadline:u}  {p.Content}")));
            return 0;
        }, redis: true, database: true, ct));

        var approveId = new Argument<long>("ID") { Description = "The row id (approvals list)." };
        var approve = new Command("approve", "Approve a waiting pick: the next cycle posts it first, subject to the caps.") { approveId, actorOption };
        approve.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var id = parse.GetValue(approveId);
            var moved = await Run(() => services.GetRequiredService<Approvals>().ApproveAsync(id, Actor(parse), token));
            output.Result(new { ok = true, id, status = "approved" }, $"#{id} approved; the next cycle posts it (subject to the caps).");
            return moved;
        }, redis: true, database: true, ct));

        var rejectId = new Argument<long>("ID") { Description = "The row id (approvals list)." };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit log.", Required = true };
        var reject = new Command("reject", "Reject a waiting pick with a reason; it is never posted.") { rejectId, reason, actorOption };
        reject.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var id = parse.GetValue(rejectId);
            var moved = await Run(() => services.GetRequiredService<Approvals>().RejectAsync(id, Actor(parse), parse.GetValue(reason)!, token));
            output.Result(new { ok = true, id, status = "refused" }, $"#{id} rejected.");
            return moved;
        }, redis: true, database: true, ct));

        return [new Command("approvals", "Approval mode: waiting picks, approve, reject.") { list, approve, reject }];
    }

    private static async Task<int> Run(Func<Task<bool>> move)
    {
        try
        {
            return await move() ? 0 : throw new CliException("That post is not waiting for approval (unknown, or already approved, rejected or expired). Nothing was changed.", 1);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, 2);
        }
    }
}
