using System.Text;
using Tend.Supervisord.Http;

namespace Tend.UnitTests.Supervisord;

public class Sha1Tests
{
    [Theory]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("test", "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
    public void KnownVectors(string input, string hex) =>
        Assert.Equal(hex, Convert.ToHexStringLower(Sha1.Hash(Encoding.ASCII.GetBytes(input))));

    [Fact]
    public void AgreesWithTheBclOnEveryLengthAroundTheBlockBoundaries()
    {
        var random = new Random(7);
        for (var length = 0; length < 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(System.Security.Cryptography.SHA1.HashData(data), Sha1.Hash(data));
        }
    }
}
