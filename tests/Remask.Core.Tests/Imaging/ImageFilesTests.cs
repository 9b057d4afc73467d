using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

public class ImageFilesTests
{
    public static TheoryData<string> AllImages() =>
        new(ImageFixtures.PngCases.Select(c => c.File).Concat(ImageFixtures.JpegCases.Select(c => c.File)));

    [Theory]
    [MemberData(nameof(AllImages))]
    public void Header_gives_the_size_and_channels_of_the_full_read(string file)
    {
        string path = ImageFixtures.PathOf(file);
        Raster r = ImageFiles.ReadRaster(path);
        Assert.Equal((r.Width, r.Height, r.Channels), ImageFiles.ReadHeader(path));
    }

    [Fact]
    public void The_decoder_is_chosen_by_content_not_by_name()
    {
        using var dir = ImageFixtures.Temp();
        string pngNamedJpg = dir.Write("really_png.jpg", ImageFixtures.ReadBytes("pil_rgb.png"));
        string jpgNamedPng = dir.Write("really_jpeg.png", ImageFixtures.ReadBytes("gray_baseline.jpg"));
        string noExtension = dir.Write("noext", ImageFixtures.ReadBytes("pil_gray16.png"));
        Assert.Equal(ImageFixtures.ReadUInt16("pil_rgb.samples.bin"), ImageFiles.ReadRaster(pngNamedJpg).Samples);
        Assert.Equal(JpegReader.Read(ImageFixtures.PathOf("gray_baseline.jpg")).Samples, ImageFiles.ReadRaster(jpgNamedPng).Samples);
        Assert.Equal((37, 23, 1), ImageFiles.ReadHeader(jpgNamedPng));
        Assert.Equal(16, ImageFiles.ReadRaster(noExtension).BitDepth);
    }

    [Theory]
    [InlineData("a.png", true)]
    [InlineData("A.PNG", true)]
    [InlineData("dir.x/b.Jpg", true)]
    [InlineData("c.jpeg", true)]
    [InlineData("c.JPEG", true)]
    [InlineData("d.gif", false)]
    [InlineData("e.png.txt", false)]
    [InlineData("png", false)]
    [InlineData("f.nii.gz", false)]
    public void Image_files_are_recognised_by_extension(string path, bool expected) =>
        Assert.Equal(expected, ImageFiles.IsImageFile(path));

    [Fact]
    public void ReadImage_scales_by_the_stored_maximum_and_drops_alpha()
    {
        Image gray16 = ImageFiles.ReadImage(ImageFixtures.PathOf("pil_gray16.png"));
        ushort[] s16 = ImageFixtures.ReadUInt16("pil_gray16.samples.bin");
        Assert.Equal(1, gray16.Channels);
        for (int i = 0; i < s16.Length; i++) Assert.Equal(s16[i] / 65535f, gray16.Data[i], 6);

        Image bilevel = ImageFiles.ReadImage(ImageFixtures.PathOf("pil_bilevel.png"));
        Assert.Equal(ImageFixtures.ReadUInt16("pil_bilevel.samples.bin").Select(v => (float)v), bilevel.ToArray());

        Image rgba = ImageFiles.ReadImage(ImageFixtures.PathOf("pil_rgba.png"));
        ushort[] s = ImageFixtures.ReadUInt16("pil_rgba.samples.bin");
        Assert.Equal((10, 7, 3), (rgba.Width, rgba.Height, rgba.Channels));
        Assert.Equal(s[4 * 13 + 2] / 255f, rgba[2, 3, 1], 6);   // pixel (3, 1): index 13, blue
    }

    [Fact]
    public void A_voc_palette_mask_is_read_by_its_indices()
    {
        string path = ImageFixtures.PathOf("voc_labels.png");
        ushort[] labels = ImageFixtures.ReadUInt16("voc_labels.indices.bin");
        Mask any = ImageFiles.ReadMask(path, ForegroundRule.AnyPositive);
        Mask two = ImageFiles.ReadMask(path, ForegroundRule.Parse("2"));
        Mask oneTwo = ImageFiles.ReadMask(path, ForegroundRule.Parse("1,2"));
        for (int i = 0; i < labels.Length; i++)
        {
            Assert.Equal(labels[i] > 0, any.Pixels[i] == 1);           // includes 255 (void)
            Assert.Equal(labels[i] == 2, two.Pixels[i] == 1);
            Assert.Equal(labels[i] is 1 or 2, oneTwo.Pixels[i] == 1);
        }
        Assert.Contains((ushort)255, labels);
        Assert.Equal(labels, ImageFiles.ReadLabels(path).Samples);
        Assert.Equal(3, ImageFiles.ReadRaster(path).Channels);      // as an image: VOC colours
    }

    [Fact]
    public void A_jpeg_mask_is_cut_at_half_the_maximum()
    {
        JpegCase c = ImageFixtures.Jpeg("mask_q75.jpg");
        Mask mask = ImageFiles.ReadMask(ImageFixtures.PathOf(c.File), ForegroundRule.AnyPositive);
        byte[] source = ImageFixtures.ReadBytes(c.SourceMask!);
        byte[] pil = ImageFixtures.ReadBytes(c.Expected);
        Assert.Contains(pil, v => v is > 0 and < 40);   // compression noise that "value > 0" would turn into foreground
        Assert.Equal(source, mask.ToArray());
    }

    [Fact]
    public void Gray_and_rgb_masks_by_the_default_rule()
    {
        Mask gray = ImageFiles.ReadMask(ImageFixtures.PathOf("pil_bilevel.png"), ForegroundRule.AnyPositive);
        Assert.Equal(ImageFixtures.ReadUInt16("pil_bilevel.samples.bin").Select(v => (byte)v), gray.ToArray());
        Mask rgb = ImageFiles.ReadMask(ImageFixtures.PathOf("rgb8_filter0.png"), ForegroundRule.AnyPositive);
        ushort[] s = ImageFixtures.ReadUInt16("rgb8_filter0.samples.bin");
        for (int i = 0; i < rgb.Length; i++)
            Assert.Equal(s[3 * i] > 0 || s[3 * i + 1] > 0 || s[3 * i + 2] > 0, rgb.Pixels[i] == 1);
    }
}
