using System.Diagnostics;

namespace XBot.AppHost.Hosting.Processes;

/// <summary>One run of a resource's process: output forwarded line by line, and a stop that always ends it.</summary>
public sealed class SupervisedProcess : IDisposable
{
    private readonly Process _process;
    private readonly ProcessSpec _spec;
    private readonly string _resource;
    private readonly ResourceOutput _output;

    private SupervisedProcess(Process process, ProcessSpec spec, string resource, ResourceOutput output)
    {
        _process = process;
        _spec = spec;
        _resource = resource;
        _output = output;
    }

    private static readonly string? Setsid = OperatingSystem.IsLinux() ? ExecutableLocator.FindOnPath("setsid") : null;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static SupervisedProcess Start(ProcessSpec spec, string resource, ResourceOutput output)
    {
        // In a session of its own, a terminal's Ctrl+C reaches only the AppHost, which then stops the
        // resources in order (services before the databases they use). setsid execs, adding no process.
        var (fileName, arguments) = Setsid is { } setsid ? (setsid, [spec.FileName, .. spec.Arguments]) : (spec.FileName, spec.Arguments);
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Write(resource, e.Data, isError: false); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Write(resource, e.Data, isError: true); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Nothing reads the console on a resource's behalf; EOF tells any process that asks.
        process.StandardInput.Close();
        return new SupervisedProcess(process, spec, resource, output);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>
    /// Sends the stop signal, waits up to <paramref name="grace"/>, then kills the whole tree. Descendants
    /// seen before the signal are killed too if they outlive their parent, so nothing is left behind.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var descendants = ProcessTree.GetDescendants(_process.Id);
        if (!_process.HasExited)
        {
            if (grace > TimeSpan.Zero && Signals.Send(_process.Id, _spec.StopSignal))
            {
                using var timeout = new CancellationTokenSource(grace);
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _output.System($"{_resource} did not stop within {grace.TotalSeconds:F0}s; killing it");
                }
            }

            if (!_process.HasExited)
            {
                KillTree();
                await _process.WaitForExitAsync();
            }
        }

        foreach (var pid in descendants.Where(ProcessTree.IsAlive))
        {
            Signals.Send(pid, Signals.SIGKILL);
        }
    }

    public void Dispose() => _process.Dispose();

    private void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }
}
