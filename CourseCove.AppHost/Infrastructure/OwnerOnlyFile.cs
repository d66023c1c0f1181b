namespace CourseCove.AppHost.Infrastructure;

/// <summary>Writes a file only its owner can read (passwords for initdb and redis-server).</summary>
internal static class OwnerOnlyFile
{
    public static async Task WriteAsync(string path, string contents, CancellationToken cancellationToken)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Set at creation, so the file is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var writer = new StreamWriter(path, options);
        await writer.WriteAsync(contents.AsMemory(), cancellationToken);
    }
}
