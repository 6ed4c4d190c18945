using System.Globalization;
using System.Runtime.CompilerServices;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHotpath();
var app = builder.Build();
app.UseHotpath();
app.MapGet("/runtime", () => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
app.MapGet("/spin", (int? n) => Net8App.Hot.SumOfDivisors(n ?? 20_000).ToString(CultureInfo.InvariantCulture));
app.Run();

namespace Net8App
{
    /// <summary>The sample's CPU-bound hot spot.</summary>
    public static class Hot
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static long SumOfDivisors(int limit)
        {
            long sum = 0;
            for (var n = 1; n <= limit; n++)
            {
                for (var d = 1; d <= n; d++)
                {
                    if (n % d == 0)
                    {
                        sum += d;
                    }
                }
            }

            return sum;
        }
    }
}
