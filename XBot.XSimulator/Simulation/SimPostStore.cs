namespace XBot.XSimulator.Simulation;

/// <summary>The posts, in memory. Creating checks for a duplicate text and adds the post in one step.</summary>
public sealed class SimPostStore(SnowflakeIds ids)
{
    private readonly Lock _gate = new();
    private readonly List<SimPost> _posts = [];
    private long _sequence;

    /// <summary>The new post, or null when the author already has a post with exactly this text.</summary>
    public SimPost? TryCreate(string authorId, string text, Func<long, string, SimPost> create)
    {
        lock (_gate)
        {
            if (_posts.Any(p => p.AuthorId == authorId && string.Equals(p.Text, text, StringComparison.Ordinal)))
            {
                return null;
            }
            var sequence = ++_sequence;
            var post = create(sequence, ids.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
            _posts.Add(post);
            return post;
        }
    }

    public SimPost? Find(string id)
    {
        lock (_gate)
        {
            return _posts.FirstOrDefault(p => p.Id == id);
        }
    }

    /// <summary>An author's posts, newest first.</summary>
    public IReadOnlyList<SimPost> ByAuthor(string authorId)
    {
        lock (_gate)
        {
            return _posts.Where(p => p.AuthorId == authorId).OrderByDescending(p => p.Sequence).ToList();
        }
    }

    public IReadOnlyList<SimPost> All()
    {
        lock (_gate)
        {
            return [.. _posts];
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _posts.Count;
            }
        }
    }

    /// <summary>Forgets every post; ids are time-based, so an old id never names a new post.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _posts.Clear();
        }
    }
}
