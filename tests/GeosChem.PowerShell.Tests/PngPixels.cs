using System.Buffers.Binary;
using System.IO.Compression;

namespace GeosChem.PowerShell.Tests;

/// <summary>Just enough of PNG (8-bit RGB or RGBA, not interlaced, as Chromium's screenshots are) to count pixels.</summary>
internal static class PngPixels
{
    public static (int Width, int Height, int NonWhite) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0) throw new InvalidDataException("only 8-bit, non-interlaced PNG");
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"PNG colour type {data[9]}") };
            }
            else if (type == "IDAT") idat.Write(data);
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var previous = new byte[stride];
        var current = new byte[stride];
        var nonWhite = 0;
        for (var y = 0; y < height; y++)
        {
            var filter = inflated.ReadByte();
            inflated.ReadExactly(current);
            Unfilter(filter, current, previous, channels);
            for (var x = 0; x < stride; x += channels)
            {
                if (current[x] < 240 || current[x + 1] < 240 || current[x + 2] < 240) nonWhite++;
            }
            (previous, current) = (current, previous);
        }
        return (width, height, nonWhite);
    }

    private static void Unfilter(int filter, byte[] row, byte[] above, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = above[i], upLeft = i >= bpp ? above[i - bpp] : 0;
            row[i] = (byte)(row[i] + filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"PNG filter {filter}"),
            });
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
