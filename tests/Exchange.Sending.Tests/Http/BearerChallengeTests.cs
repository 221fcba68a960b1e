using System.Net;
using FluentAssertions;

namespace Exchange.Sending.Tests.Http;

/// <summary>Reading <c>WWW-Authenticate: Bearer</c> (RFC 6750) as Exchange Online sends it, and the token's refresh time.</summary>
public class BearerChallengeTests
{
    private static HttpResponseMessage Unauthorized(params string[] challenges)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        foreach (var challenge in challenges)
        {
            response.Headers.TryAddWithoutValidation("WWW-Authenticate", challenge);
        }

        return response;
    }

    [Fact]
    public void Exchange_Onlines_challenge_is_read_with_its_quoted_commas_and_diagnostics()
    {
        using var response = Unauthorized(
            "Bearer client_id=\"00000002-0000-0ff1-ce00-000000000000\", trusted_issuers=\"00000001-0000-0000-c000-000000000000@*,https://sts.windows.net/*/\", "
            + "token_types=\"app_asserted_user_v1 service_asserted_app_v1\", error=\"invalid_token\", error_description=\"The access token has expired, \\\"really\\\"\"",
            "Basic realm=\"outlook.office365.com\"");
        response.Headers.TryAddWithoutValidation("x-ms-diagnostics", "2000008;reason=\"The token has expired.\";error_category=\"invalid_lifetime\"");

        var challenge = BearerChallenge.From(response)!;

        challenge.Error.Should().Be("invalid_token");
        challenge.ErrorDescription.Should().Be("The access token has expired, \"really\"");
        challenge.Claims.Should().BeNull();
        challenge.RefusesToken.Should().BeTrue();
        challenge.Describe().Should().Be("error=\"invalid_token\", error_description=\"The access token has expired, \"really\"\", "
            + "x-ms-diagnostics: 2000008;reason=\"The token has expired.\";error_category=\"invalid_lifetime\"");
    }

    [Theory]
    [InlineData("Bearer", false)]
    [InlineData("Bearer realm=\"example\"", false)]
    [InlineData("Bearer error=\"insufficient_scope\"", false)]
    [InlineData("Bearer error=invalid_token", true)]
    [InlineData("bearer ERROR=\"INVALID_TOKEN\"", true)]
    [InlineData("Bearer error=\"insufficient_claims\", claims=\"eyJhY2Nlc3NfdG9rZW4iOnt9fQ==\"", true)]
    public void Only_a_refused_token_or_a_claims_challenge_asks_for_a_new_token(string header, bool refuses)
    {
        using var response = Unauthorized(header);

        BearerChallenge.From(response)!.RefusesToken.Should().Be(refuses);
    }

    [Fact]
    public void A_claims_challenge_is_decoded_from_base64()
    {
        using var response = Unauthorized("Bearer error=\"insufficient_claims\", claims=\"eyJhY2Nlc3NfdG9rZW4iOnt9fQ==\"");

        BearerChallenge.From(response)!.Claims.Should().Be("{\"access_token\":{}}");
    }

    [Fact]
    public void A_response_without_a_Bearer_challenge_has_none()
    {
        using var response = Unauthorized("Basic realm=\"msrpc realm\"", "Negotiate");

        BearerChallenge.From(response).Should().BeNull();
    }

    [Fact]
    public void A_token_is_refreshed_five_minutes_before_expiry_unless_RefreshOn_says_earlier()
    {
        var expires = new DateTimeOffset(2026, 12, 3, 13, 0, 0, TimeSpan.Zero);

        new ExchangeAccessToken("t-1", expires).RefreshAt.Should().Be(expires.AddMinutes(-5));
        new ExchangeAccessToken("t-1", expires, expires.AddMinutes(-30)).RefreshAt.Should().Be(expires.AddMinutes(-30));
        new ExchangeAccessToken("t-1", expires, expires.AddMinutes(10)).RefreshAt.Should().Be(expires.AddMinutes(-5), "a RefreshOn after expiry is ignored");
        ExchangeAccessToken.DefaultRefreshMargin.Should().Be(TimeSpan.FromMinutes(5));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("abc\r\nX-Injected: 1")]
    public void A_token_that_cannot_be_one_header_value_is_refused(string token)
    {
        var act = () => new ExchangeAccessToken(token, DateTimeOffset.UtcNow.AddHours(1));

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("token");
    }
}
