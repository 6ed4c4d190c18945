namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// A feature's part of the profile API: it adds its routes (relative to <see cref="HotpathOptions.Path"/>) to the table
/// that both the middleware and <c>MapHotpath</c> serve. Register implementations with
/// <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IProfileApi, T&gt;())</c>.
/// </summary>
internal interface IProfileApi
{
    void Map(ProfileRoutes routes);
}
