using Microsoft.AspNetCore.Authorization;

namespace Hotpath.Attach;

/// <summary>Met only by requests whose connection comes from a loopback address.</summary>
internal sealed class LoopbackRequirement : IAuthorizationRequirement;
