using YamlDotNet.RepresentationModel;

namespace XBot.Tests.Text;

/// <summary>
/// twitter-text's conformance files (Conformance/*.yml, copied from upstream): every case of a section,
/// addressed by section and description so that xunit shows readable theory names.
/// </summary>
public static class ConformanceData
{
    private static readonly Dictionary<string, YamlMappingNode> Tests = new()
    {
        ["validate"] = LoadTests("validate.yml"),
        ["extract"] = LoadTests("extract.yml"),
    };

    /// <summary>(section, description) pairs for a theory, without the cases listed in <paramref name="skipped"/>.</summary>
    public static TheoryData<string, string> Cases(string file, IReadOnlyDictionary<string, string>? skipped, params string[] sections)
    {
        var data = new TheoryData<string, string>();
        foreach (var section in sections)
        {
            foreach (var item in Section(file, section))
            {
                var description = Scalar(item, "description");
                if (skipped is null || !skipped.ContainsKey(description))
                {
                    data.Add(section, description);
                }
            }
        }
        return data;
    }

    public static YamlMappingNode Case(string file, string section, string description) =>
        Section(file, section).Single(item => Scalar(item, "description") == description);

    public static IEnumerable<YamlMappingNode> Section(string file, string section) =>
        ((YamlSequenceNode)Tests[file].Children[new YamlScalarNode(section)]).Children.Cast<YamlMappingNode>();

    public static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value ?? "";

    public static int Int(YamlMappingNode node, string key) => int.Parse(Scalar(node, key), System.Globalization.CultureInfo.InvariantCulture);

    public static bool Bool(YamlMappingNode node, string key) => bool.Parse(Scalar(node, key));

    public static YamlNode Node(YamlMappingNode node, string key) => node.Children[new YamlScalarNode(key)];

    /// <summary>A flow list of strings such as <c>["a", "b"]</c>.</summary>
    public static string[] Strings(YamlMappingNode node, string key) =>
        [.. ((YamlSequenceNode)Node(node, key)).Children.Cast<YamlScalarNode>().Select(s => s.Value ?? "")];

    private static YamlMappingNode LoadTests(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Text", "Conformance", fileName);
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return (YamlMappingNode)root.Children[new YamlScalarNode("tests")];
    }
}
