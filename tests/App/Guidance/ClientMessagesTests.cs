using System.Text;
using SurgicalNav.App.Guidance;

namespace SurgicalNav.App.Tests.Guidance;

public sealed class ClientMessagesTests
{
    [TestCase("{\"type\":\"ping\",\"t\":12.5}", "ping")]
    [TestCase("{\"type\":\"hello\",\"client\":\"quest 3\"}", "hello")]
    public void TryParse_ValidMessage_ReturnsItsType(string json, string type) =>
        Assert.That(ClientMessages.TryParse(Encoding.UTF8.GetBytes(json))?.Type, Is.EqualTo(type));

    [TestCase("")]
    [TestCase("null")]
    [TestCase("42")]
    [TestCase("[\"ping\"]")]
    [TestCase("{\"type\":\"ping\"}")]
    [TestCase("{\"type\":\"ping\",\"t\":\"soon\"}")]
    [TestCase("{\"type\":\"ping\",\"t\":1e999}")]
    [TestCase("{\"type\":\"shutdown\"}")]
    [TestCase("{\"type\":7}")]
    [TestCase("{\"type\":\"hello\",\"client\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}}}")]
    [TestCase("{\"type\":\"ping\",\"t\":1")]
    [TestCase("\u00ff\u00fe garbage")]
    public void TryParse_Malformed_ReturnsNullWithoutThrowing(string text) =>
        Assert.That(ClientMessages.TryParse(Encoding.UTF8.GetBytes(text)), Is.Null);

    [Test]
    public void TryParse_OverTheSizeLimit_ReturnsNull()
    {
        string json = "{\"type\":\"hello\",\"client\":\"x\",\"pad\":\"" + new string('a', ClientMessages.MaxBytes) + "\"}";
        Assert.That(ClientMessages.TryParse(Encoding.UTF8.GetBytes(json)), Is.Null);
    }

    [Test]
    public void TryParse_InvalidUtf8Bytes_ReturnsNull() =>
        Assert.That(ClientMessages.TryParse([0x7B, 0xC3, 0x28, 0x7D]), Is.Null);
}
