using Hotpath.BenchApi.Mediation;
using Microsoft.EntityFrameworkCore;

namespace Hotpath.BenchApi.Features;

/// <summary>Checks the id.</summary>
public sealed class GetProductValidator : IValidator<GetProductQuery>
{
    public Task<IReadOnlyList<string>> ValidateAsync(GetProductQuery request, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(request.Id > 0 ? [] : ["id must be positive"]);
}
