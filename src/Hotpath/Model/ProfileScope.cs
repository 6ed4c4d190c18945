namespace Hotpath.Model;

/// <summary>Which samples a view counts.</summary>
public enum ProfileScope
{
    /// <summary>Samples taken while a request was executing, including its async continuations on other threads.</summary>
    Requests,

    /// <summary>Every managed sample of the process, requests or not.</summary>
    Process,
}
