using Microsoft.Extensions.Time.Testing;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Turnaround;
using static TeleSante.Clinical.Tests.Sample;

namespace TeleSante.Clinical.Tests;

public sealed class TurnaroundTests
{
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly TeleExpertiseWorkflow _workflow = new(new TeleExpertiseOptions());

    [Fact]
    public void Median_p90_and_overdue_per_specialty_and_priority_at_the_injected_clock()
    {
        // Five urgent cardiology requests (due 2 h after submission) answered after 10, 20, 30, 40 and 150 minutes,
        // one urgent still waiting, one routine accepted.
        var requests = new List<TeleExpertiseRequest>();
        foreach (var (minutes, i) in new[] { 10, 20, 30, 40, 150 }.Select((m, i) => (m, i)))
        {
            requests.Add(Answer(Accept(Submit($"u{i}", Priority.Urgent, T0), T0.AddMinutes(minutes / 2.0)), T0.AddMinutes(minutes)));
        }

        var waiting = Submit("u-wait", Priority.Urgent, T0.AddMinutes(30));
        requests.Add(waiting);
        requests.Add(Accept(Submit("r1", Priority.Routine, T0), T0.AddHours(1)));
        requests.Add(Draft("never-submitted", Priority.Urgent));
        var statistics = new TurnaroundStatistics(_clock);

        _clock.SetUtcNow(T0.AddMinutes(30).AddHours(2)); // exactly the waiting one's due time: not yet overdue
        statistics.Aggregate(requests).Single(f => f.Priority == Priority.Urgent).Overdue.Should().Be(0);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var figures = statistics.Aggregate(requests);

        figures.Should().Equal(
            new TurnaroundFigures("cardiology", Priority.Urgent, Submitted: 6, Answered: 5, MedianToAnswer: TimeSpan.FromMinutes(30),
                P90ToAnswer: TimeSpan.FromMinutes(150), Overdue: 1, AnsweredLate: 1),
            new TurnaroundFigures("cardiology", Priority.Routine, Submitted: 1, Answered: 0, null, null, Overdue: 0, AnsweredLate: 0));
        RequestTurnaround.Of(requests[0], _clock.GetUtcNow())!.ToAccept.Should().Be(TimeSpan.FromMinutes(5));
        RequestTurnaround.Of(waiting, _clock.GetUtcNow())!.Overdue.Should().BeTrue();
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two_and_p90_is_nearest_rank()
    {
        var ten = Enumerable.Range(1, 10).Select(m => TimeSpan.FromMinutes(m)).ToArray();

        TurnaroundStatistics.Median(ten).Should().Be(TimeSpan.FromMinutes(5.5));
        TurnaroundStatistics.NearestRank(ten, 90).Should().Be(TimeSpan.FromMinutes(9));
        TurnaroundStatistics.NearestRank(ten[..1], 90).Should().Be(TimeSpan.FromMinutes(1));
        TurnaroundStatistics.Median([]).Should().BeNull();
    }

    private TeleExpertiseRequest Draft(string id, Priority priority) =>
        _workflow.Create(EcgRequest(id, priority), OpenConsultation, Consent(), As(Pharmacist), T0).Value.Request;

    private TeleExpertiseRequest Submit(string id, Priority priority, DateTimeOffset at) =>
        _workflow.Submit(Draft(id, priority), OpenConsultation, Consent(), As(Pharmacist), at).Value.Request;

    private TeleExpertiseRequest Accept(TeleExpertiseRequest request, DateTimeOffset at) =>
        _workflow.Accept(request, Consent(), As(Cardiologist), at).Value.Request;

    private TeleExpertiseRequest Answer(TeleExpertiseRequest request, DateTimeOffset at) =>
        _workflow.Answer(request, Findings(), As(Cardiologist), at).Value.Change.Request;
}
