using Hotpath.Demo.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hotpath.Demo.Controllers;

/// <summary>Priced orders, served through MVC so the profiler sees controller dispatch as well as minimal APIs.</summary>
[ApiController]
[Route("orders")]
public sealed class OrdersController(OrderStore store, OrderPricing pricing) : ControllerBase
{
    /// <summary>GET /orders/{id}: one order, priced; 404 when there is no such order.</summary>
    [HttpGet("{id:int}")]
    public ActionResult<PricedOrder> Get(int id)
    {
        var order = store.Find(id);
        return order is null ? NotFound() : pricing.Price(order);
    }

    /// <summary>GET /orders/summary: every order priced and totalled, overall and per region.</summary>
    [HttpGet("summary")]
    public ActionResult<OrdersSummary> Summary() => pricing.Summarize(store.All);
}
