using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace CourseCove.Simulator.ClerkApi;

/// <summary>What the fake has answered so far.</summary>
/// <param name="Requests">Every request, rejected ones included.</param>
/// <param name="RateLimited">Answered 429.</param>
/// <param name="Failed">Answered 500 because a test made the API fail.</param>
/// <param name="MaxAcceptedPerWindow">The most requests let through in one rate-limit window.</param>
/// <param name="WindowsWithRejections">Rate-limit windows in which at least one request got 429.</param>
public sealed record FakeClerkStats(long Requests, long RateLimited, long Failed, int MaxAcceptedPerWindow, int WindowsWithRejections);

/// <summary>The fake's doorkeeper: the Bearer key, Clerk's fixed-window rate limit with Retry-After, and injected failures.</summary>
internal sealed class FakeClerkGate(FakeClerkOptions options)
{
    private readonly Lock _lock = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _window = -1;
    private int _acceptedInWindow;
    private bool _rejectedInWindow;
    private long _requests, _rateLimited, _failed;
    private int _maxAccepted, _windowsWithRejections;
    private long? _failFrom;

    public FakeClerkStats Stats
    {
        get { lock (_lock) return new(_requests, _rateLimited, _failed, _maxAccepted, _windowsWithRejections); }
    }

    /// <summary>From the <paramref name="requestNumber"/>-th request on (counting from 1), every request fails: the API "dies".</summary>
    public void FailFrom(long requestNumber)
    {
        lock (_lock) _failFrom = requestNumber;
    }

    /// <summary>Null to let the request through; otherwise the status to answer and, for 429, the seconds to wait.</summary>
    public (int Status, int RetryAfterSeconds)? Admit(string? authorization)
    {
        lock (_lock)
        {
            _requests++;
            if (authorization != $"Bearer {options.SecretKey}")
            {
                return (StatusCodes.Status401Unauthorized, 0);
            }

            if (_failFrom is { } from && _requests >= from)
            {
                _failed++;
                return (StatusCodes.Status500InternalServerError, 0);
            }

            var elapsed = Stopwatch.GetElapsedTime(_started);
            var window = (long)(elapsed / options.LimitWindow);
            if (window != _window)
            {
                (_window, _acceptedInWindow, _rejectedInWindow) = (window, 0, false);
            }

            if (_acceptedInWindow >= options.RequestLimit)
            {
                _rateLimited++;
                if (!_rejectedInWindow)
                {
                    _rejectedInWindow = true;
                    _windowsWithRejections++;
                }

                // Blocked until the window ends, in whole seconds as Clerk's header gives it.
                var remaining = options.LimitWindow * (window + 1) - elapsed;
                return (StatusCodes.Status429TooManyRequests, (int)Math.Ceiling(remaining.TotalSeconds));
            }

            _acceptedInWindow++;
            _maxAccepted = Math.Max(_maxAccepted, _acceptedInWindow);
            return null;
        }
    }
}
