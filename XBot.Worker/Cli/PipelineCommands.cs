using System.CommandLine;
using XBot.Core.Candidates;
using XBot.Core.Configuration;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Storage;
using XBot.Core.Storage.Redis;

namespace XBot.Worker.Cli;

/// <summary>Pipeline verbs: <c>candidates refresh|clear</c>, <c>hashes clear</c>, and <c>schedule test</c> from <see cref="ScheduleCommands"/> (runbooks §11).</summary>
public static class PipelineCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var actor = new Option<string>("--actor") { Description = "Who is doing this, for the audit log.", DefaultValueFactory = _ => Environment.UserName };

        var refresh = new Command("refresh", "Generate, prepare and queue candidates; prints what happened.");
        refresh.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var options = services.GetRequiredService<XBotOptions>();
            if (options.IsProduction && options.LivePosts)
            {
                throw new CliException("candidates refresh refuses to run in production while LIVE_POSTS=true; run it in shadow mode or against staging.", 2);
            }

            var report = await services.GetRequiredService<CandidateRefresher>().RefreshAsync(token);
            var topics = report.TopTopics.Count == 0 ? "none" : string.Join(", ", report.TopTopics.Select(t => $"{t.Topic} ({t.Count})"));
            output.Result(report,
                $"generated {report.Generated}, duplicates dropped {report.Duplicates}, refused {report.Refused}, unchecked {report.Unchecked}, queued {report.Queued}\n" +
                $"queue depth {report.QueueDepth}; top topics: {topics}" + (report.Warning is null ? "" : $"\nWARNING: {report.Warning}"));
            return 0;
        }, redis: true, database: true, ct));

        var clear = new Command("clear", "Emergency: expire every queued candidate and empty the Redis queue.") { actor };
        clear.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var who = parse.GetValue(actor);
            if (string.IsNullOrWhiteSpace(who) || who.Length > StoreLimits.MaxActorLength)
            {
                throw new CliException($"--actor (who clears the queue, for the audit log) must be 1-{StoreLimits.MaxActorLength} characters; nothing was cleared.", 2);
            }
            var cleared = await services.GetRequiredService<PostLifecycleStore>().ClearQueueAsync(who.Trim(), token);
            await services.GetRequiredService<CandidateQueue>().ClearAsync(token);
            output.Result(new { cleared }, $"cleared {cleared} queued candidates");
            return 0;
        }, redis: true, database: true, ct));

        var candidates = new Command("candidates", "The candidate queue.") { refresh, clear };

        var hashesClear = new Command("clear", "Emergency: delete the Redis dedup hashes under this prefix (PostgreSQL's unique index still guards posts).") { actor };
        hashesClear.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var redis = services.GetRequiredService<RedisGate>();
            var deleted = await redis.ExecuteAsync(async db =>
                await RedisScanner.DeleteAsync(db, await RedisScanner.ScanAsync(db, redis.Keys.Pattern(KeyFamily.Dedup), token)), token);
            output.Result(new { deleted }, $"deleted {deleted} content hashes");
            return 0;
        }, redis: true, database: true, ct));
        var hashes = new Command("hashes", "Content hashes for dedup.") { hashesClear };

        return [candidates, hashes, ScheduleCommands.Create(context)];
    }
}
