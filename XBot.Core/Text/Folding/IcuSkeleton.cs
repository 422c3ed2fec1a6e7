using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace XBot.Core.Text.Folding;

/// <summary>
/// UTS #39 confusable skeletons from ICU's spoof checker (<c>uspoof_getSkeleton</c>), the reference implementation of
/// Unicode's confusables data. .NET on Linux already depends on the system ICU for globalization, so this adds no
/// dependency; it is loaded the way .NET loads it (<c>libicui18n.so.NN</c>, exports suffixed <c>_NN</c>). Where no ICU
/// can be loaded, <see cref="IsAvailable"/> is false and callers use the curated table in <see cref="Confusables"/>.
/// </summary>
public static class IcuSkeleton
{
    private const uint SkeletonType = 0; // ignored since ICU 58: every skeleton comes from the MA table.

    private static readonly Lazy<Api?> Loaded = new(Load);
    private static readonly ConcurrentDictionary<int, string?> Cache = new();

    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>The skeleton of one code point, or null when ICU is unavailable or the code point is its own skeleton.</summary>
    public static string? Of(int codePoint)
    {
        if (Loaded.Value is not { } api)
        {
            return null;
        }
        return Cache.GetOrAdd(codePoint, static (cp, icu) => icu.Skeleton(char.ConvertFromUtf32(cp)), api);
    }

    private static Api? Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        for (var version = 90; version >= 50; version--)
        {
            if (NativeLibrary.TryLoad($"libicui18n.so.{version}", out var library)
                && NativeLibrary.TryGetExport(library, $"uspoof_open_{version}", out var open)
                && NativeLibrary.TryGetExport(library, $"uspoof_getSkeleton_{version}", out var skeleton))
            {
                var status = 0;
                var checker = Marshal.GetDelegateForFunctionPointer<OpenFunction>(open)(ref status);
                if (status <= 0 && checker != IntPtr.Zero)
                {
                    return new Api(checker, Marshal.GetDelegateForFunctionPointer<SkeletonFunction>(skeleton));
                }
            }
        }
        return null;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr OpenFunction(ref int status);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SkeletonFunction(IntPtr checker, uint type, [MarshalAs(UnmanagedType.LPWStr)] string id, int length, [Out] char[] destination, int capacity, ref int status);

    private sealed class Api(IntPtr checker, SkeletonFunction skeleton)
    {
        private readonly Lock _lock = new();

        public string? Skeleton(string text)
        {
            var buffer = new char[64];
            var status = 0;
            int length;
            // One checker, used under a lock: ICU documents a checker as safe to share only once it is configured,
            // and the cache makes each code point a one-time call anyway.
            lock (_lock)
            {
                length = skeleton(checker, SkeletonType, text, text.Length, buffer, buffer.Length, ref status);
            }
            if (status > 0 || length <= 0 || length > buffer.Length)
            {
                return null;
            }
            var result = new string(buffer, 0, length);
            return result == text ? null : result;
        }
    }
}
