using System.Collections.Concurrent;

namespace MasteryPath.Web.Teaching;

/// <summary>
/// The in-process notifier behind the live class dashboard (docs/adr/0017): the answer path calls
/// <see cref="LearnerChanged"/> after it commits a learner's new state, and every open dashboard stream whose class has
/// that learner is woken. Answers on other nodes arrive through PostgreSQL notifications (Nodes/LearnerModelChangeListener).
/// </summary>
/// <remarks>
/// Signalling costs one pass over the open streams with a set lookup each, and never waits or touches the database;
/// a stream that is already woken stays so (signals coalesce until it has sent its event).
/// </remarks>
public sealed class ClassActivity
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    /// <summary>Open dashboard streams on this node.</summary>
    public int Listeners => _subscriptions.Count;

    /// <summary>Opens a subscription for a class with its learners; dispose it when the stream ends.</summary>
    public Subscription Subscribe(long classId, IEnumerable<string> learnerIds)
    {
        var subscription = new Subscription(this, classId, learnerIds);
        _subscriptions[subscription] = 0;
        return subscription;
    }

    /// <summary>A learner's state changed (an answer, a teacher's decision) and is committed.</summary>
    public void LearnerChanged(string learnerId)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            if (subscription.Has(learnerId))
            {
                subscription.Signal();
            }
        }
    }

    /// <summary>One open stream: its class's learners and a wake-up signal that coalesces.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly ClassActivity _owner;
        private readonly SemaphoreSlim _signal = new(0, 1);
        private volatile HashSet<string> _learners;

        internal Subscription(ClassActivity owner, long classId, IEnumerable<string> learnerIds)
        {
            _owner = owner;
            ClassId = classId;
            _learners = new HashSet<string>(learnerIds, StringComparer.Ordinal);
        }

        public long ClassId { get; }

        /// <summary>Replaces the class's learners (the roster changed).</summary>
        public void SetLearners(IEnumerable<string> learnerIds) => _learners = new HashSet<string>(learnerIds, StringComparer.Ordinal);

        /// <summary>Waits until something changed (true) or <paramref name="timeout"/> passed (false).</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

        internal bool Has(string learnerId) => _learners.Contains(learnerId);

        internal void Signal()
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: this change is coalesced into the pending event.
            }
            catch (ObjectDisposedException)
            {
                // The stream ended while the change was being signalled.
            }
        }

        public void Dispose()
        {
            _owner._subscriptions.TryRemove(this, out _);
            _signal.Dispose();
        }
    }
}
