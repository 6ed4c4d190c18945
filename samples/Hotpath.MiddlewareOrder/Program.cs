using Hotpath.MiddlewareOrder;

// The seed's experiment in ASP.NET Core: three middleware that print their one-time configuration and their
// before/after, an outer catcher, DeveloperExceptionPage, and endpoints that answer or throw. See the README section
// "Middleware order and exceptions".
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHotpath();

var app = builder.Build();
MiddlewareOrderPipeline.Configure(app);
app.Run();
