using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;
using XBot.Worker.Services;

namespace XBot.Tests.Worker;

/// <summary>
/// The worker gives back what its bursts left committed, once per burst: a heap that grew by more than
/// Worker:Memory:GrowthMiB since the last release is released, a steady one is never collected.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class MemoryReleaseServiceTests(InfrastructureFixture fixture)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task A_grown_heap_is_released_once_and_a_steady_one_is_left_alone()
    {
        var time = new FakeTimeProvider();
        var heap = new FakeHeap { Committed = 140 * MiB, AfterRelease = 20 * MiB };
        var settings = new MemoryReleaseOptions { CheckInterval = TimeSpan.FromSeconds(30), GrowthMiB = 16 };
        using var service = new MemoryReleaseService(heap, Options.Create(settings), time, NullLogger<MemoryReleaseService>.Instance);
        await service.StartAsync(CancellationToken.None);

        // The start's burst: released at the first check.
        await Deadline.UntilAsync(() => { time.Advance(settings.CheckInterval); return heap.Releases == 1; }, "the grown heap was not released");

        // 10 MiB of growth since then is under 16: several checks read the heap, and none releases it.
        heap.Committed = 30 * MiB;
        var reads = heap.Reads;
        await Deadline.UntilAsync(() => { time.Advance(settings.CheckInterval); return heap.Reads >= reads + 3; }, "the heap was not looked at again");
        Assert.Equal(1, heap.Releases);

        // The next burst takes it 20 MiB over the last release: released again.
        heap.Committed = 40 * MiB;
        await Deadline.UntilAsync(() => { time.Advance(settings.CheckInterval); return heap.Releases == 2; }, "the second burst was not released");

        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_heap_that_fails_to_release_is_tried_again_and_the_loop_goes_on()
    {
        var time = new FakeTimeProvider();
        var heap = new FakeHeap { Committed = 140 * MiB, AfterRelease = 20 * MiB, FailuresLeft = 1 };
        var settings = new MemoryReleaseOptions { CheckInterval = TimeSpan.FromSeconds(30) };
        using var service = new MemoryReleaseService(heap, Options.Create(settings), time, NullLogger<MemoryReleaseService>.Instance);
        await service.StartAsync(CancellationToken.None);

        await Deadline.UntilAsync(() => { time.Advance(settings.CheckInterval); return heap.Releases == 1; }, "the release was not tried again after a failure");
        Assert.Equal(2, heap.Attempts);

        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Switched_off_it_never_looks_at_the_heap()
    {
        var time = new FakeTimeProvider();
        var heap = new FakeHeap { Committed = 500 * MiB };
        using var service = new MemoryReleaseService(heap, Options.Create(new MemoryReleaseOptions { Enabled = false }), time, NullLogger<MemoryReleaseService>.Instance);
        await service.StartAsync(CancellationToken.None);

        // ExecuteAsync has returned: nothing is left to run, whatever the clock does.
        await Deadline.UntilAsync(() => service.ExecuteTask?.IsCompleted == true, "the switched-off service kept running");
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal((0, 0), (heap.Reads, heap.Releases));
    }

    [Theory]
    [InlineData("Worker:Memory:CheckInterval", "00:00:01")]
    [InlineData("Worker:Memory:CheckInterval", "02:00:00")]
    [InlineData("Worker:Memory:GrowthMiB", "0")]
    public async Task A_memory_setting_out_of_range_stops_the_start_naming_it(string key, string value)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var worker = await WorkerHost.StartAsync(scope, new Dictionary<string, string?> { ["Worker:Memory:Enabled"] = "true", [key] = value });
        });
        Assert.Contains(key, error.Message);
    }

    private sealed class FakeHeap : ManagedHeap
    {
        private long _committed;
        private int _reads;

        public long Committed { get => Interlocked.Read(ref _committed); set => Interlocked.Exchange(ref _committed, value); }

        public long AfterRelease { get; init; }

        public int FailuresLeft { get; set; }

        public int Reads => Volatile.Read(ref _reads);

        public int Attempts { get; private set; }

        public int Releases { get; private set; }

        public override long HeldBytes
        {
            get
            {
                Interlocked.Increment(ref _reads);
                return Committed;
            }
        }

        public override void Release()
        {
            Attempts++;
            if (FailuresLeft-- > 0)
            {
                throw new InvalidOperationException("the collector refused");
            }
            Committed = AfterRelease;
            Releases++;
        }
    }
}
