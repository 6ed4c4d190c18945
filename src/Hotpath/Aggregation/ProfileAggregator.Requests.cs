using System.Collections.ObjectModel;
using Hotpath.Model;
using Hotpath.Requests;

namespace Hotpath.Aggregation;

// Label sets and the life of a request's rows. A request's samples are labelled by its id while it runs (its endpoint is
// known only when it ends: routing runs after Hotpath's middleware); when it ends its label set learns the endpoint.
// A request that keeps no profile, or whose record is evicted, has its rows folded into its endpoint's rows, so memory
// stays bounded by the kept requests while every sample stays in its endpoint's profile.
internal sealed partial class ProfileAggregator
{
    private const int LabelBytes = 96;
    private const int MaxEndpoints = 1024;
    private const int FoldedMemory = 4096;
    private const string OtherEndpoints = "[other endpoints]";

    // Requests whose end never arrives (an end lost to a clear) must not keep their label forever.
    private const int MaxRunning = 10_000;

    private readonly List<Label> _labels = new();
    private readonly Stack<int> _freeLabels = new();
    private readonly Dictionary<long, int> _requestLabels = new();
    private readonly Dictionary<string, int> _endpointLabels = new(StringComparer.Ordinal);
    // Ended requests whose rows were folded: their late samples (the event stream lags) go straight to the endpoint.
    private readonly Dictionary<long, (int Label, RequestRecord? Record)> _folded = new();
    private readonly Queue<long> _foldedOrder = new();
    private readonly Queue<long> _keptOrder = new();
    private readonly Queue<long> _runningOrder = new();
    private int _running;
    private (ReadOnlyCollection<ProfileLabelSet> Labels, IReadOnlyList<RequestRecord> Requests)? _labelsCopy;

    public long DroppedProfiles { get; private set; }

    /// <summary>Running requests folded because more than <see cref="MaxRunning"/> never ended (their end was lost).</summary>
    public long LostRequestEnds { get; private set; }

    /// <summary>Requests whose rows are still labelled by their id (running, or kept).</summary>
    public int LabelledRequests => _requestLabels.Count;

    /// <summary>Counts samples of request <paramref name="requestId"/> (> 0) at a node returned by <see cref="Intern"/>.</summary>
    public void AddRequestSample(int internedNode, long requestId, long weight = 1, ProfileMeasure measure = ProfileMeasure.Cpu)
    {
        var label = LabelOf(requestId, out var record);
        AddSample(internedNode, label, weight, measure);
        if (label > AnyRequestLabel && _labels[label].RequestId == requestId)
        {
            var l = _labels[label];
            if (measure == ProfileMeasure.Wait)
            {
                l.Wait += weight;
            }
            else
            {
                l.Cpu += weight;
            }
        }

        record?.AddSamples(measure == ProfileMeasure.Wait ? 0 : weight, measure == ProfileMeasure.Wait ? weight : 0);
    }

    /// <summary>
    /// A request ended: its label set learns the endpoint, and unless <paramref name="keep"/> its rows are folded into the
    /// endpoint's. Its record learns the samples counted so far (and gets later ones as they arrive).
    /// </summary>
    public void EndRequest(RequestRecord record, bool keep)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_folded.ContainsKey(record.Id))
        {
            return;
        }

        if (!_requestLabels.TryGetValue(record.Id, out var label))
        {
            if (!keep)
            {
                RememberFolded(record.Id, EndpointLabel(record.Endpoint), record);
                return;
            }

            label = NewLabel(new Label { InRequest = true, RequestId = record.Id });
            _requestLabels.Add(record.Id, label);
        }

        var l = _labels[label];
        _running -= l.Record is null ? 1 : 0;
        l.Endpoint = record.Endpoint;
        l.Record = record;
        record.SetSamples(l.Cpu, l.Wait);
        _labelsCopy = null;
        if (keep)
        {
            l.Kept = true;
            record.HasProfile = true;
            _keptOrder.Enqueue(record.Id);
        }
        else
        {
            Fold(record.Id);
        }
    }

    /// <summary>Folds a kept request's rows into its endpoint's (its record left the request store).</summary>
    public void DropProfile(long requestId)
    {
        if (_requestLabels.TryGetValue(requestId, out var label) && _labels[label].Record is not null)
        {
            Fold(requestId);
        }
    }

    private void ClearLabels()
    {
        _labels.Clear();
        _freeLabels.Clear();
        _requestLabels.Clear();
        _endpointLabels.Clear();
        _folded.Clear();
        _foldedOrder.Clear();
        _keptOrder.Clear();
        _runningOrder.Clear();
        _running = 0;
        _labelsCopy = null;
        DroppedProfiles = LostRequestEnds = 0;
        _labels.Add(new Label());
        _labels.Add(new Label { InRequest = true });
    }

    private int LabelOf(long requestId, out RequestRecord? record)
    {
        if (_requestLabels.TryGetValue(requestId, out var label))
        {
            record = _labels[label].Record;
            return label;
        }

        if (_folded.TryGetValue(requestId, out var folded))
        {
            record = folded.Record;
            return folded.Label;
        }

        record = null;
        if (_bytes >= _limits.MaxBytes && !MakeRoom())
        {
            return AnyRequestLabel;
        }

        label = NewLabel(new Label { InRequest = true, RequestId = requestId });
        _requestLabels.Add(requestId, label);
        _running++;
        _runningOrder.Enqueue(requestId);
        if (_runningOrder.Count > 2 * MaxRunning)
        {
            BoundRunning();
        }

        return label;
    }

    /// <summary>Forgets ended requests in the running queue and folds the oldest running ones past <see cref="MaxRunning"/>.</summary>
    private void BoundRunning()
    {
        for (var i = _runningOrder.Count; i > 0; i--)
        {
            var id = _runningOrder.Dequeue();
            if (!_requestLabels.TryGetValue(id, out var label) || _labels[label].Record is not null)
            {
                continue;
            }

            if (_running > MaxRunning)
            {
                Fold(id);
                LostRequestEnds++;
            }
            else
            {
                _runningOrder.Enqueue(id);
            }
        }
    }

    private int EndpointLabel(string? endpoint)
    {
        if (endpoint is null)
        {
            return AnyRequestLabel;
        }

        if (_endpointLabels.TryGetValue(endpoint, out var label))
        {
            return label;
        }

        if (_endpointLabels.Count >= MaxEndpoints)
        {
            endpoint = OtherEndpoints;
            if (_endpointLabels.TryGetValue(endpoint, out label))
            {
                return label;
            }
        }

        label = NewLabel(new Label { InRequest = true, Endpoint = endpoint });
        _endpointLabels.Add(endpoint, label);
        _bytes += 2L * endpoint.Length;
        return label;
    }

    private int NewLabel(Label label)
    {
        _labelsCopy = null;
        if (_freeLabels.Count > 0)
        {
            var reused = _freeLabels.Pop();
            _labels[reused] = label;
            return reused;
        }

        _labels.Add(label);
        _bytes += LabelBytes;
        return _labels.Count - 1;
    }

    private void NoteRow(int label, int row)
    {
        if (label > AnyRequestLabel && _labels[label].RequestId != 0)
        {
            (_labels[label].Rows ??= new List<int>()).Add(row);
        }
    }

    private void Fold(long requestId)
    {
        var label = _requestLabels[requestId];
        var l = _labels[label];
        var target = EndpointLabel(l.Endpoint);
        if (l.Rows is { } rows)
        {
            foreach (var row in rows)
            {
                MoveRow(row, target);
            }
        }

        if (l.Record is { } record)
        {
            record.HasProfile = false;
        }
        else
        {
            _running--;
        }

        _requestLabels.Remove(requestId);
        _labels[label] = new Label();
        _freeLabels.Push(label);
        _labelsCopy = null;
        RememberFolded(requestId, target, l.Record);
    }

    private void RememberFolded(long requestId, int label, RequestRecord? record)
    {
        if (_folded.TryAdd(requestId, (label, record)))
        {
            _foldedOrder.Enqueue(requestId);
            if (_foldedOrder.Count > FoldedMemory)
            {
                _folded.Remove(_foldedOrder.Dequeue());
            }
        }
    }

    /// <summary>Folds the oldest kept profile to free rows; false when there is none.</summary>
    private bool MakeRoom()
    {
        while (_keptOrder.TryDequeue(out var id))
        {
            if (_requestLabels.ContainsKey(id))
            {
                Fold(id);
                DroppedProfiles++;
                return true;
            }
        }

        return false;
    }

    private (ReadOnlyCollection<ProfileLabelSet> Labels, IReadOnlyList<RequestRecord> Requests) LabelsSnapshot()
    {
        if (_labelsCopy is { } copy)
        {
            return copy;
        }

        var sets = new ProfileLabelSet[_labels.Count];
        var requests = new List<RequestRecord>();
        for (var i = 0; i < sets.Length; i++)
        {
            var l = _labels[i];
            sets[i] = i == ProcessLabel ? ProfileLabelSet.ProcessOnly
                : i == AnyRequestLabel ? ProfileLabelSet.AnyRequest
                : new ProfileLabelSet(l.InRequest, l.RequestId, l.Endpoint);
            if (l.Kept && l.Record is { } record)
            {
                requests.Add(record);
            }
        }

        copy = (Array.AsReadOnly(sets), requests.AsReadOnly());
        _labelsCopy = copy;
        return copy;
    }

    private sealed class Label
    {
        public bool InRequest { get; init; }

        public long RequestId { get; init; }

        public string? Endpoint { get; set; }

        public RequestRecord? Record { get; set; }

        public bool Kept { get; set; }

        public List<int>? Rows { get; set; }

        public long Cpu { get; set; }

        public long Wait { get; set; }
    }
}
