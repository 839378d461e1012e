using System.Text.Json;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.Testing;

namespace TeleSante.Imaging.Quality.Tests;

/// <summary>
/// The committed gate (models/fundus-gate) against issue 13's targets: re-evaluated on the committed held-out photographs
/// (other seeds, other retinas than training) it gives exactly the README's confusion matrix, with ungradable Se and Sp
/// of at least 95 %, and the reason it gives names the defect that was injected.
/// </summary>
public sealed class FundusGateTests
{
    // The README's figures ("Fundus quality gate"); the model and the evaluation set are committed together.
    private const int TruePositives = 195;
    private const int FalseNegatives = 0;
    private const int FalsePositives = 0;
    private const int TrueNegatives = 225;

    private static readonly Lazy<FundusGate> Committed = new(() => FundusGate.Load(Repository.GateFolder));

    private static List<FundusGateSample> EvaluationSet()
    {
        using var csv = new StreamReader(Path.Combine(Repository.GateFolder, "fundus-gate-eval.csv"));
        return FundusGateCsv.Read(csv);
    }

    [Fact]
    public void Committed_model_on_committed_evaluation_set_gives_the_README_figures()
    {
        var confusion = Committed.Value.Evaluate(EvaluationSet());

        confusion.Should().Be(new FundusGateConfusion(TruePositives, FalseNegatives, FalsePositives, TrueNegatives));
        confusion.Sensitivity.Should().BeGreaterThanOrEqualTo(0.95);
        confusion.Specificity.Should().BeGreaterThanOrEqualTo(0.95);
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        readme.Should().Contain($"| ungradable | {TruePositives} | {FalseNegatives} |").And.Contain($"| gradable | {FalsePositives} | {TrueNegatives} |");
    }

    [Theory]
    [InlineData("OutOfFocus", "out of focus")]
    [InlineData("UnderExposed", "under-exposed")]
    [InlineData("OverExposed", "over-exposed")]
    [InlineData("LowContrast", "low contrast")]
    [InlineData("WrongField", "wrong field: disc not where a")]
    [InlineData("EyelidShadow", "eyelid or lash shadow")]
    public void Severe_defects_called_ungradable_are_given_their_own_reason_first(string defect, string reason)
    {
        var severe = EvaluationSet().Where(s => s.Defect == defect && s.Ungradable).ToList();
        var verdicts = severe.Select(s => Committed.Value.Assess(s.Measurements, s.Field)).Where(v => !v.Gradable).ToList();

        severe.Should().HaveCountGreaterThan(10);
        verdicts.Count(v => v.Reasons[0].StartsWith(reason, StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo((int)(0.9 * verdicts.Count), $"the main reason for {defect} is '{reason}'");
    }

    [Fact]
    public void A_wrong_field_reason_names_the_declared_field()
    {
        var capture = Photographs.Capture(FundusDefectKind.WrongField, 1, field: FundusField.DiscCentred);

        var verdict = Committed.Value.Assess(Photographs.Measure(capture), RetinalField.DiscCentred);

        verdict.Gradable.Should().BeFalse();
        verdict.Reasons[0].Should().Be("wrong field: disc not where a disc-centred field puts it");
    }

    [Fact]
    public void A_good_photograph_is_gradable_with_no_reason()
    {
        var verdict = Committed.Value.Assess(Photographs.Measure(FundusDefectKind.None, 0, FundusFileFormat.Jpeg), RetinalField.MaculaCentred);

        verdict.Gradable.Should().BeTrue();
        verdict.Reasons.Should().BeEmpty();
        verdict.UngradableProbability.Should().BeLessThan(0.5);
    }

    [Fact]
    public void A_black_frame_is_ungradable_because_no_field_of_view_is_found()
    {
        var verdict = Committed.Value.Assess(FundusMeasurements.NoField, RetinalField.MaculaCentred);

        verdict.Gradable.Should().BeFalse();
        verdict.Reasons[0].Should().Be("no circular field of view found");
    }

    [Fact]
    public void Evaluation_photographs_are_held_out_from_training()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.GateFolder, "fundus-gate-training.json")));
        var training = Range(json.RootElement.GetProperty("trainingSeeds").GetString()!);
        var evaluation = Range(json.RootElement.GetProperty("evaluationSeeds").GetString()!);
        var samples = EvaluationSet();

        samples.Should().OnlyContain(s => s.Seed >= evaluation.From && s.Seed <= evaluation.To);
        (evaluation.From > training.To || evaluation.To < training.From).Should().BeTrue();
        samples.Select(s => s.Defect).Distinct().Should().HaveCount(7);
        samples.Should().Contain(s => s.Width == 1600 && s.Height == 1200).And.Contain(s => s.Format == ImageFormat.Jpeg).And.Contain(s => s.Format == ImageFormat.Png);

        static (int From, int To) Range(string text) => (int.Parse(text.Split("..")[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(text.Split("..")[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_same_training_run_gives_the_same_model()
    {
        var samples = EvaluationSet().Take(200).ToList();
        var options = new FundusGateTrainingOptions { Seed = 3, NumberOfTrees = 20 };

        Scores(samples, options).Should().Equal(Scores(samples, options));
        samples.Should().Contain(s => s.Ungradable).And.Contain(s => !s.Ungradable);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_with_a_typed_error()
    {
        using var garbage = new MemoryStream("not a model"u8.ToArray());

        var load = () => FundusGate.Load(garbage, Committed.Value.Limits);

        load.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void A_corrupt_evaluation_row_is_refused_with_its_line()
    {
        var text = File.ReadLines(Path.Combine(Repository.GateFolder, "fundus-gate-eval.csv")).Take(3).ToList();
        text[2] = text[2] + ",1";

        var read = () => FundusGateCsv.Read(new StringReader(string.Join('\n', text)));

        read.Should().Throw<InvalidDataException>().WithMessage("line 3:*");
    }

    [Fact]
    public async Task Eval_gate_prints_the_confusion_matrix_of_the_committed_model()
    {
        var (code, output, _) = await Tool("eval-gate");

        code.Should().Be(0);
        output.Should().Contain($"| ungradable | {TruePositives} | {FalseNegatives} |").And.Contain($"| gradable | {FalsePositives} | {TrueNegatives} |");
    }

    [Fact]
    public async Task Train_gate_refuses_out_of_range_options_before_doing_any_work()
    {
        var (code, _, error) = await Tool("train-gate", "--out", Path.Combine(Path.GetTempPath(), "gate-refused"), "--training-images", "5");
        code.Should().Be(2);
        error.Should().Contain("TrainingImages must be between 50 and 100000").And.Contain("usage:");

        (code, _, error) = await Tool("eval-gate", "--model", Path.Combine(Repository.Root, "models"));
        code.Should().Be(1);
        error.Should().Contain("fundus-gate-limits.json");
    }

    private static List<float> Scores(List<FundusGateSample> samples, FundusGateTrainingOptions options)
    {
        using var model = new MemoryStream();
        FundusGateTrainer.Train(samples, options, model);
        model.Position = 0;
        var gate = FundusGate.Load(model, Committed.Value.Limits);
        return samples.Select(s => gate.Predict(s.Measurements).Score).ToList();
    }

    private static Task<ToolResult> Tool(params string[] args) => ToolProcess.RunAsync("telesante-fundus.dll", Repository.Root, args);
}
