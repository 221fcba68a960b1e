using System.Net;

namespace Exchange.Sending.Testing.Internal;

/// <summary>Bodies shaped like the ones IIS / HTTP.sys send for bare HTTP errors.</summary>
internal static class IisPages
{
    public static string ForStatus(int status) => status switch
    {
        401 => Page("401 - Unauthorized: Access is denied due to invalid credentials.", "You do not have permission to view this directory or page using the credentials that you supplied."),
        403 => Page("403 - Forbidden: Access is denied.", "You do not have permission to view this directory or page using the credentials that you supplied."),
        404 => Page("404 - File or directory not found.", "The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable."),
        400 => "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/strict.dtd\">\r\n<HTML><HEAD><TITLE>Bad Request</TITLE>\r\n<META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n<BODY><h2>Bad Request</h2>\r\n<hr><p>HTTP Error 400. The request is badly formed.</p>\r\n</BODY></HTML>\r\n",
        411 => Page("411 - Length Required", "The request must carry a Content-Length header; a chunked request body (Transfer-Encoding: chunked) is not accepted."),
        413 => Page("413 - Request Entity Too Large", "The page was not displayed because the request entity is too large."),
        500 => Page("500 - Internal server error.", "There is a problem with the resource you are looking for, and it cannot be displayed."),
        503 => "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/strict.dtd\">\r\n<HTML><HEAD><TITLE>Service Unavailable</TITLE>\r\n<META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n<BODY><h2>Service Unavailable</h2>\r\n<hr><p>HTTP Error 503. The service is unavailable.</p>\r\n</BODY></HTML>\r\n",
        507 => Page("507 - Insufficient Storage", "The server is unable to store the representation needed to complete the request."),
        _ => Page($"{status} - {ReasonPhrase(status)}", "The request could not be completed."),
    };

    public static string ReasonPhrase(int status) => status switch
    {
        507 => "Insufficient Storage",
        _ => Enum.IsDefined(typeof(HttpStatusCode), status) ? System.Text.RegularExpressions.Regex.Replace(((HttpStatusCode)status).ToString(), "(?<=[a-z])(?=[A-Z])", " ") : "Error",
    };

    public const string LoginPage =
        "<!DOCTYPE html>\r\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><title>Outlook</title></head>\r\n" +
        "<body><form action=\"/owa/auth.owa\" method=\"POST\" name=\"logonForm\"><label for=\"username\">Domain\\user name:</label>" +
        "<input id=\"username\" name=\"username\" type=\"text\"><label for=\"password\">Password:</label>" +
        "<input id=\"password\" name=\"password\" type=\"password\"><input type=\"submit\" value=\"sign in\"></form></body></html>\r\n";

    private static string Page(string title, string text) =>
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n" +
        "<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"/>\r\n" +
        $"<title>{title}</title>\r\n</head>\r\n<body>\r\n<div id=\"header\"><h1>Server Error</h1></div>\r\n<div id=\"content\">\r\n" +
        $" <div class=\"content-container\"><fieldset>\r\n  <h2>{title}</h2>\r\n  <h3>{text}</h3>\r\n </fieldset></div>\r\n</div>\r\n</body>\r\n</html>\r\n";
}
