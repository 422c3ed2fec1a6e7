using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using XBot.Core.Config;

namespace XBot.Core.Operations;

/// <summary>
/// Staged rollout (runbooks.md §6): a flag at N % is on for a decision when the decision's bucket, a hash of
/// the flag name and the decision id, is below N. The same decision always lands in the same bucket, so a
/// decision can be reproduced, and raising N only adds decisions.
/// </summary>
public static class Rollout
{
    /// <summary>0-99, stable for a flag and decision id.</summary>
    public static int Bucket(string flag, string decisionId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{flag}\n{decisionId}"));
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % 100);
    }

    public static bool IsOn(this FeatureFlagSetting flag, string name, string decisionId) =>
        flag.RolloutPercent >= 100 || (flag.RolloutPercent > 0 && Bucket(name, decisionId) < flag.RolloutPercent);
}
