namespace XBot.AppHost.Hosting.Resources;

/// <summary>A resource that other resources reach through <c>ConnectionStrings__{Name}</c>.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    string GetConnectionString();
}
