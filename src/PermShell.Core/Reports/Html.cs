using System.Text;

namespace PermShell.Core.Reports;

/// <summary>
/// The one escaping function of the HTML report: every name, description and path goes through it, in text and in
/// attribute values alike, so a user called &lt;script&gt;alert(1)&lt;/script&gt; is shown as text and never runs.
/// </summary>
internal static class Html
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                // Control characters other than tab and line breaks are parse errors in HTML: shown as U+FFFD.
                var c when char.IsControl(c) && c is not ('\t' or '\n' or '\r') => "\uFFFD",
                _ => null,
            };
            if (replacement is null)
            {
                escaped?.Append(text[i]);
                continue;
            }
            escaped ??= new StringBuilder(text, 0, i, text.Length + 16);
            escaped.Append(replacement);
        }
        return escaped?.ToString() ?? text;
    }
}
