using TeleSante.Analysis;
using TeleSante.Storage;
using TeleSante.Storage.Influx;

namespace TeleSante.Analysis.Service.Internal;

/// <summary>Reads the <see cref="AnalysisSchema"/> series of a session back, grouped by device.</summary>
internal sealed class InfluxAnalysisReader(ITimeSeriesStore store) : IAnalysisReader
{
    public async Task<IReadOnlyList<AnalysisRecords>> ReadAsync(string sessionId, long fromNs, long toNs, CancellationToken cancellationToken)
    {
        var where = $"""WHERE "session" = {InfluxQl.QuoteString(sessionId)} AND time >= {fromNs} AND time < {toNs} GROUP BY "device" """;
        var query = string.Join(';',
            $"""SELECT "class","rr_ms","qrs_ms" FROM "{AnalysisSchema.BeatMeasurement}" {where}""",
            $"""SELECT "bpm","from_ns","intervals" FROM "{AnalysisSchema.RateMeasurement}" {where}""",
            $"""SELECT "code","end_ns","probability" FROM "{AnalysisSchema.RhythmMeasurement}" {where}""",
            $"""SELECT "reason","end_ns","lead" FROM "{AnalysisSchema.UnanalysableMeasurement}" {where}""",
            $"""SELECT "code","end_ns","display","snomed","evidence","provisional","withdrawn_ns","withdrawn_reason" FROM "{AnalysisSchema.StatementMeasurement}" {where}""");
        IReadOnlyList<QuerySeries> series;
        try
        {
            series = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (InfluxQueryException ex)
        {
            throw new StorageUnavailableException(ex.Message, ex.Outcome.ToString(), ex.StatusCode, ex);
        }

        var devices = new SortedDictionary<string, (List<AnalysedBeat> Beats, List<RateEstimate> Rates, List<RhythmEpisode> Rhythms, List<NotAnalysedSpan> Spans, List<ProposedRhythmStatement> Statements)>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            var device = s.Tags.GetValueOrDefault("device", string.Empty);
            if (!devices.TryGetValue(device, out var d))
            {
                devices[device] = d = ([], [], [], [], []);
            }

            var iTime = s.IndexOf("time");
            switch (s.Name)
            {
                case AnalysisSchema.BeatMeasurement:
                    int iClass = s.IndexOf("class"), iRr = s.IndexOf("rr_ms"), iQrs = s.IndexOf("qrs_ms");
                    foreach (var row in s.Rows)
                    {
                        var cls = Enum.TryParse<BeatClass>(row.GetString(iClass), out var c) ? c : BeatClass.Unknown;
                        d.Beats.Add(new AnalysedBeat(row.GetInt64(iTime), row.IsNull(iRr) ? null : row.GetDouble(iRr), cls, iQrs < 0 || row.IsNull(iQrs) ? null : row.GetDouble(iQrs)));
                    }

                    break;
                case AnalysisSchema.RateMeasurement:
                    int iBpm = s.IndexOf("bpm"), iFrom = s.IndexOf("from_ns"), iIntervals = s.IndexOf("intervals");
                    foreach (var row in s.Rows)
                    {
                        d.Rates.Add(new RateEstimate(row.GetDouble(iBpm), row.GetInt64(iFrom), row.GetInt64(iTime), (int)row.GetInt64(iIntervals)));
                    }

                    break;
                case AnalysisSchema.RhythmMeasurement:
                    int iCode = s.IndexOf("code"), iEnd = s.IndexOf("end_ns"), iP = s.IndexOf("probability");
                    foreach (var row in s.Rows)
                    {
                        d.Rhythms.Add(new RhythmEpisode(row.GetString(iCode) ?? string.Empty, row.GetInt64(iTime), row.GetInt64(iEnd), row.GetDouble(iP)));
                    }

                    break;
                case AnalysisSchema.UnanalysableMeasurement:
                    int iReason = s.IndexOf("reason"), iSpanEnd = s.IndexOf("end_ns"), iLead = s.IndexOf("lead");
                    foreach (var row in s.Rows)
                    {
                        d.Spans.Add(new NotAnalysedSpan(row.GetInt64(iTime), row.GetInt64(iSpanEnd), row.GetString(iReason) ?? string.Empty, (uint)row.GetInt64(iLead)));
                    }

                    break;
                case AnalysisSchema.StatementMeasurement:
                    int iStatement = s.IndexOf("code"), iStatementEnd = s.IndexOf("end_ns"), iDisplay = s.IndexOf("display"), iSnomed = s.IndexOf("snomed"), iEvidence = s.IndexOf("evidence"), iProvisional = s.IndexOf("provisional"),
                        iWithdrawn = s.IndexOf("withdrawn_ns"), iWithdrawnReason = s.IndexOf("withdrawn_reason");
                    foreach (var row in s.Rows)
                    {
                        d.Statements.Add(new ProposedRhythmStatement(row.GetString(iStatement) ?? string.Empty, row.GetString(iDisplay) ?? string.Empty,
                            row.IsNull(iSnomed) ? null : row.GetString(iSnomed), row.GetInt64(iTime), row.GetInt64(iStatementEnd), AnalysisSchema.ParseEvidence(row.GetString(iEvidence)),
                            Provisional: iProvisional >= 0 && !row.IsNull(iProvisional) && row.GetBoolean(iProvisional),
                            WithdrawnNs: iWithdrawn < 0 || row.IsNull(iWithdrawn) ? null : row.GetInt64(iWithdrawn),
                            WithdrawnReason: iWithdrawnReason < 0 || row.IsNull(iWithdrawnReason) ? null : row.GetString(iWithdrawnReason)));
                    }

                    break;
            }
        }

        return [.. devices.Select(p => new AnalysisRecords(p.Key, p.Value.Beats, p.Value.Rates, p.Value.Rhythms, p.Value.Spans, p.Value.Statements))];
    }
}
