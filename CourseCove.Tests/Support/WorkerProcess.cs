using System.Diagnostics;
using System.Text;
using CourseCove.Worker.Processing;

namespace CourseCove.Tests.Support;

/// <summary>A real CourseCove.Worker process, so a test can SIGKILL it mid-batch and start another.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process) => _process = process;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static WorkerProcess Start(string? consumerName, params (string Key, string? Value)[] settings)
    {
        var workerDll = typeof(WorkerOptions).Assembly.Location;
        var info = new ProcessStartInfo("dotnet", [workerDll])
        {
            WorkingDirectory = Path.GetDirectoryName(workerDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        if (consumerName is not null)
        {
            info.Environment["Worker__ConsumerName"] = consumerName;
        }

        // Short timings so the tests see claims, retries and recovery in seconds.
        info.Environment["Worker__VisibilityTimeout"] = "00:00:02";
        info.Environment["Worker__RetryBaseDelay"] = "00:00:00.100";
        info.Environment["Worker__RetryMaxDelay"] = "00:00:00.500";
        info.Environment["Worker__SchedulerInterval"] = "00:00:00.200";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__")] = value;
        }

        var worker = new WorkerProcess(Process.Start(info)!);
        worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgements, whatever was in flight stays pending.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public bool HasExited => _process.HasExited;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
