using System.ComponentModel.DataAnnotations;
using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MasteryPath.Web.Accounts;

/// <summary>The "MasteryPath:Mail" section: the SMTP server mail goes through. Without a host, no mail is sent (and the page says so to no one).</summary>
public sealed class MailOptions
{
    public const string Section = "MasteryPath:Mail";

    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>"auto" (STARTTLS when the server offers it), "starttls" (required), "tls" (implicit, port 465) or "none".</summary>
    public string Security { get; set; } = "auto";

    public string User { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string From { get; set; } = "MasteryPath <no-reply@localhost>";

    /// <summary>The address links in mail point to (e.g. https://mastery.school.example); empty means the address of the request.</summary>
    public string PublicBaseUrl { get; set; } = string.Empty;

    public bool Configured => Host.Length > 0;
}

/// <summary>A mail to send: to one address, plain text.</summary>
public sealed record OutgoingMail(string To, string Subject, string Text);

/// <summary>
/// Sends mail in the background through MailKit, so that a request answers in the same time whether or not it sent
/// one (a "forgot password" must not tell which emails have accounts). Mail waiting when the process stops is lost:
/// the person asks again.
/// </summary>
public sealed class MailOutbox(IOptions<MailOptions> options, ILogger<MailOutbox> logger) : BackgroundService
{
    private readonly Channel<OutgoingMail> _queue = Channel.CreateBounded<OutgoingMail>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public bool Enqueue(OutgoingMail mail)
    {
        if (!options.Value.Configured)
        {
            logger.LogWarning("No mail server is configured ({Section}:Host): a mail to a user was not sent", MailOptions.Section);
            return false;
        }

        return _queue.Writer.TryWrite(mail);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var mail in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(mail, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Sending a mail through {Host}:{Port} failed", options.Value.Host, options.Value.Port);
            }
        }
    }

    private async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new TextPart("plain") { Text = mail.Text };
        using var client = new SmtpClient();
        var security = settings.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(settings.Host, settings.Port, security, cancellationToken);
        if (settings.User.Length > 0)
        {
            await client.AuthenticateAsync(settings.User, settings.Password, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Sent a mail: {Subject}", mail.Subject);
    }
}
