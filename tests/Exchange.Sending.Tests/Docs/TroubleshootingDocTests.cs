using System.Text.RegularExpressions;
using FluentAssertions;

namespace Exchange.Sending.Tests.Docs;

/// <summary>Keeps docs/troubleshooting.md in step with the advice in code: every response code, HTTP status, authentication
/// failure reason and transport failure the library gives advice for has a section, each section quotes the library's
/// advice word for word where it is a fixed text, and every case the page documents exists in code.</summary>
public partial class TroubleshootingDocTests
{
    private const string ResponseCodes = "Response codes";
    private const string ServerSpecific = "Server-specific answers";
    private const string HttpStatuses = "HTTP statuses";
    private const string Authentication = "Authentication (HTTP 401)";
    private const string TransportFailures = "Transport failures";

    private static readonly Lazy<Doc> Page = new(Doc.Load);

    [Fact]
    public void Every_response_code_with_advice_has_a_section_that_quotes_the_advice()
    {
        var missing = new List<string>();
        foreach (var (code, advice) in ExchangeResponseCodes.AdviceByCode)
        {
            var section = Page.Value.Sections(ResponseCodes).FirstOrDefault(s => s.Codes.Contains(code));
            if (section is null)
            {
                missing.Add($"{code}: no '### `{code}`' section under '## {ResponseCodes}'");
            }
            else if (!section.Quotes.Contains(advice))
            {
                missing.Add($"{code}: the section does not quote the advice in code: \"> {advice}\"");
            }
        }

        Page.Value.Sections(ResponseCodes).Should().Contain(s => s.Codes.Contains(ExchangeErrors.SendAsDeniedCode),
            "ErrorSendAsDenied has a message of its own (ExchangeErrors.Service)");
        missing.Should().BeEmpty();
    }

    [Fact]
    public void Every_documented_response_code_has_advice_in_code_and_is_a_schema_code()
    {
        var documented = Page.Value.Sections(ResponseCodes).SelectMany(s => s.Codes).ToList();
        documented.Should().NotBeEmpty();
        documented.Should().OnlyHaveUniqueItems();
        documented.Where(c => !ExchangeResponseCodes.AdviceByCode.ContainsKey(c) && c != ExchangeErrors.SendAsDeniedCode)
            .Should().BeEmpty("a documented code must be one the library gives advice for");
        documented.Where(c => !new ExchangeResponseCode(c).IsKnown).Should().BeEmpty("every documented code is one of the schema's");
    }

    [Fact]
    public void The_gromox_relay_refusal_is_documented_with_the_librarys_text()
    {
        var section = Page.Value.Sections(ServerSpecific).Should().ContainSingle().Which;
        section.Codes.Should().Equal(ExchangeErrors.GromoxRelayRefusal);
        section.Quotes.Should().Contain(ExchangeErrors.GromoxRelayRefusalAdvice);
    }

    [Fact]
    public void The_http_statuses_with_advice_and_the_documented_ones_are_the_same_and_quote_the_advice()
    {
        var sections = Page.Value.Sections(HttpStatuses);
        sections.Select(s => s.Heading).Should().OnlyContain(h => HttpHeading().IsMatch(h), "each heading is 'HTTP nnn'");
        var documented = sections.Select(s => int.Parse(HttpHeading().Match(s.Heading).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        documented.Should().BeEquivalentTo(ExchangeErrors.HttpStatusAdvice.Keys);
        foreach (var section in sections)
        {
            var status = int.Parse(HttpHeading().Match(section.Heading).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            section.Quotes.Should().Contain(ExchangeErrors.HttpStatusAdvice[status], $"the section of HTTP {status} quotes the advice in code");
        }

        Page.Value.Intro(HttpStatuses).Should().Contain(ExchangeErrors.DefaultHttpStatusAdvice, "the intro quotes what other statuses get");
    }

    [Fact]
    public void Every_authentication_failure_reason_has_a_section_and_every_section_is_a_reason()
    {
        var reasons = Enum.GetNames<ExchangeAuthenticationFailureReason>().Where(n => n != nameof(ExchangeAuthenticationFailureReason.None));
        Page.Value.Sections(Authentication).SelectMany(s => s.Codes).Should().BeEquivalentTo(reasons);
    }

    [Fact]
    public void Every_transport_failure_has_a_section_and_every_section_is_a_failure()
    {
        Page.Value.Sections(TransportFailures).SelectMany(s => s.Codes).Should().BeEquivalentTo(Enum.GetNames<ExchangeTransportFailure>());
    }

    [Fact]
    public void Every_section_gives_a_cause_and_a_fix()
    {
        var all = new[] { ResponseCodes, ServerSpecific, HttpStatuses, Authentication, TransportFailures }.SelectMany(Page.Value.Sections).ToList();
        all.Should().HaveCountGreaterThan(40);
        all.Where(s => !s.Body.Contains("**Cause:**", StringComparison.Ordinal) || !s.Body.Contains("**Fix:**", StringComparison.Ordinal))
            .Select(s => s.Heading).Should().BeEmpty();
    }

    [GeneratedRegex(@"^HTTP (\d{3})$")]
    private static partial Regex HttpHeading();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    private sealed record Section(string Group, string Heading, IReadOnlyList<string> Codes, string Body, IReadOnlyList<string> Quotes);

    private sealed class Doc(IReadOnlyList<Section> sections, IReadOnlyDictionary<string, string> intros)
    {
        public List<Section> Sections(string group)
        {
            intros.Should().ContainKey(group, $"docs/troubleshooting.md has a '## {group}' section");
            return sections.Where(s => s.Group == group).ToList();
        }

        public string Intro(string group) => intros[group];

        public static Doc Load()
        {
            var lines = File.ReadAllLines(Locate());
            var sections = new List<Section>();
            var intros = new Dictionary<string, string>(StringComparer.Ordinal);
            string? group = null;
            string? heading = null;
            var body = new List<string>();

            void Flush()
            {
                if (group is null)
                {
                    return;
                }

                if (heading is null)
                {
                    intros[group] = string.Join("\n", body);
                }
                else
                {
                    // A heading such as "`ErrorInvalidRecipients`, `ErrorMissingRecipients`" or "gromox `E-3117`" names its codes in backticks.
                    var codes = Backticked().Matches(heading).Select(m => m.Groups[1].Value).ToList();
                    var quotes = body.Where(l => l.StartsWith("> ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
                    sections.Add(new Section(group, heading, codes, string.Join("\n", body), quotes));
                }

                body.Clear();
            }

            foreach (var line in lines)
            {
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    Flush();
                    group = line[3..].Trim();
                    heading = null;
                }
                else if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    Flush();
                    heading = line[4..].Trim();
                }
                else
                {
                    body.Add(line);
                }
            }

            Flush();
            return new Doc(sections, intros);
        }

        private static string Locate()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "docs", "troubleshooting.md");
                if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Exchange.Sending.sln")))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("docs/troubleshooting.md was not found above " + AppContext.BaseDirectory);
        }
    }
}
