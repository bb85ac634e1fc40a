using Xunit;

namespace CrashingHost;

public class HostTests
{
    [Fact]
    public void Passes() => Assert.True(true);

    // Kills the test host the way a stack overflow does: no exception, no result, no counters.
    // Only when asked, so the same project also serves as the clean run the counting must accept.
    [Fact]
    public void Crashes_the_host_when_asked()
    {
        if (Environment.GetEnvironmentVariable("CRASHING_HOST_CRASH") == "1")
        {
            Environment.FailFast("CrashingHost fixture: the test host was asked to crash.");
        }
    }
}
