package dev.dinojvm.engine.data.pixels;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads PNG, JPEG, BMP, GIF and TIFF files with the JDK's ImageIO decoders, keeping every band at its
 * stored depth. Alpha is dropped. A TIFF's pages are the channels of one image when they all have the same
 * size and sample format (a stack of bands saved one per page); a TIFF's bands count as alpha only when its
 * ExtraSamples tag says so, since ImageIO's colour model calls any extra band alpha. Other formats give
 * their first image (a GIF's first frame).
 */
final class ImageIoPixels {

    /** The compressions the JDK's TIFF reader decodes: none, CCITT (RLE, T.4, T.6), old and new JPEG, LZW, Deflate, PackBits. */
    private static final Set<Integer> TIFF_COMPRESSIONS = Set.of(
            BaselineTIFFTagSet.COMPRESSION_NONE, BaselineTIFFTagSet.COMPRESSION_CCITT_RLE, BaselineTIFFTagSet.COMPRESSION_CCITT_T_4,
            BaselineTIFFTagSet.COMPRESSION_CCITT_T_6, BaselineTIFFTagSet.COMPRESSION_LZW, BaselineTIFFTagSet.COMPRESSION_OLD_JPEG,
            BaselineTIFFTagSet.COMPRESSION_JPEG, BaselineTIFFTagSet.COMPRESSION_ZLIB, BaselineTIFFTagSet.COMPRESSION_PACKBITS,
            BaselineTIFFTagSet.COMPRESSION_DEFLATE);

    private static final String UNREADABLE = "cannot read image ";

    private ImageIoPixels() {}

    /** One page of a file: its index, size and format. */
    private record Page(int index, int height, int width, PageFormat format) {

        String text() {
            return width + "x" + height + ", " + format.header(height, width).kindText();
        }
    }

    private interface ReaderAction<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /**
     * @param file the file
     * @param tiff whether it is a TIFF file (every page is read)
     * @return its header, from the file's structure without decoding pixels
     * @throws IOException when it cannot be read; {@link PixelInputException} when it is refused
     */
    static PixelHeader header(Path file, boolean tiff) throws IOException {
        return withReader(file, reader -> header(pages(file, reader, tiff)));
    }

    /**
     * @param file the file
     * @param tiff whether it is a TIFF file (every page is read)
     * @return its pixels
     * @throws IOException when it cannot be read; {@link PixelInputException} when it is refused
     */
    static PixelImage read(Path file, boolean tiff) throws IOException {
        return withReader(file, reader -> {
            int count = pages(file, reader, tiff).size();
            // The decoded pages, not the declared types, say what the pixels are (a JPEG's declared type may differ).
            List<BufferedImage> images = new ArrayList<>();
            List<Page> decoded = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                BufferedImage image = reader.read(i);
                images.add(image);
                decoded.add(new Page(i, image.getHeight(), image.getWidth(), PageFormat.of(file, image.getColorModel(),
                        image.getSampleModel(), alphaBands(file, reader, i, image.getColorModel(), tiff))));
                requireOneImage(file, decoded);
            }
            PixelHeader header = header(decoded);
            float[] pixels = new float[header.channels() * header.height() * header.width()];
            int channel = 0;
            for (int i = 0; i < count; i++) {
                PagePixels.copy(file, images.get(i), decoded.get(i).format(), pixels, channel);
                channel += decoded.get(i).format().bands().length;
            }
            return new PixelImage(header, pixels);
        });
    }

    private static PixelHeader header(List<Page> pages) {
        Page first = pages.get(0);
        int channels = pages.stream().mapToInt(p -> p.format().bands().length).sum();
        return new PixelHeader(channels, first.height(), first.width(), first.format().bitDepth(), first.format().floating());
    }

    private static List<Page> pages(Path file, ImageReader reader, boolean tiff) throws IOException {
        int count = tiff ? reader.getNumImages(true) : 1;
        if (count < 1) {
            throw new IOException(UNREADABLE + file + ": it holds no image");
        }
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (tiff) {
                requireReadableCompression(file, reader.getImageMetadata(i), i);
            }
            ImageTypeSpecifier type = type(file, reader, i);
            Page page = new Page(i, reader.getHeight(i), reader.getWidth(i),
                    PageFormat.of(file, type.getColorModel(), type.getSampleModel(), alphaBands(file, reader, i, type.getColorModel(), tiff)));
            pages.add(page);
            requireOneImage(file, pages);
        }
        return pages;
    }

    /** Checks that the last page has the size and sample format of the first. */
    private static void requireOneImage(Path file, List<Page> pages) throws PixelInputException {
        Page first = pages.get(0);
        Page page = pages.get(pages.size() - 1);
        if (page.height() != first.height() || page.width() != first.width() || page.format().bitDepth() != first.format().bitDepth()
                || page.format().floating() != first.format().floating() || page.format().palette() != first.format().palette()) {
            throw new PixelInputException(file + " has pages that are not one image (page 1: " + first.text() + "; page "
                    + (page.index() + 1) + ": " + page.text() + "): pages are read as the channels of one image only when all have"
                    + " the same size and sample format; save one image per file");
        }
    }

    private static ImageTypeSpecifier type(Path file, ImageReader reader, int index) throws IOException {
        ImageTypeSpecifier raw = reader.getRawImageType(index);
        if (raw != null) {
            return raw;
        }
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(index);
        if (!types.hasNext()) {
            throw new IOException(UNREADABLE + file + ": the decoder offers no pixel layout for it");
        }
        return types.next();
    }

    /** A TIFF's alpha bands are those its ExtraSamples tag marks as associated (1) or unassociated (2) alpha. */
    private static Set<Integer> alphaBands(Path file, ImageReader reader, int index, ColorModel colour, boolean tiff) throws IOException {
        if (!tiff) {
            return colour.hasAlpha() ? Set.of(colour.getNumComponents() - 1) : Set.of();
        }
        TIFFField extra = directory(file, reader.getImageMetadata(index)).getTIFFField(BaselineTIFFTagSet.TAG_EXTRA_SAMPLES);
        Set<Integer> alpha = new TreeSet<>();
        if (extra != null) {
            int bands = colour.getNumComponents();
            for (int j = 0; j < extra.getCount(); j++) {
                int kind = extra.getAsInt(j);
                if (kind == BaselineTIFFTagSet.EXTRA_SAMPLES_ASSOCIATED_ALPHA || kind == BaselineTIFFTagSet.EXTRA_SAMPLES_UNASSOCIATED_ALPHA) {
                    alpha.add(bands - extra.getCount() + j);
                }
            }
        }
        return alpha;
    }

    private static void requireReadableCompression(Path file, IIOMetadata metadata, int index) throws IOException {
        TIFFField compression = directory(file, metadata).getTIFFField(BaselineTIFFTagSet.TAG_COMPRESSION);
        int value = compression == null ? BaselineTIFFTagSet.COMPRESSION_NONE : compression.getAsInt(0);
        if (!TIFF_COMPRESSIONS.contains(value)) {
            throw new PixelInputException(file + " uses TIFF compression " + value + compressionName(value) + (index > 0 ? " on page " + (index + 1) : "")
                    + ", which the TIFF reader cannot decode (it reads none, LZW, Deflate/ZIP, PackBits, JPEG and CCITT):"
                    + " re-save the file uncompressed or with LZW or Deflate");
        }
    }

    private static String compressionName(int value) {
        return switch (value) {
            case 34712 -> " (JPEG 2000)";
            case 34925 -> " (LZMA)";
            case 34887, 34933 -> " (LERC)";
            case 50000 -> " (Zstandard)";
            case 50001 -> " (WebP)";
            case 50002 -> " (JPEG XL)";
            default -> "";
        };
    }

    private static TIFFDirectory directory(Path file, IIOMetadata metadata) throws IOException {
        try {
            return TIFFDirectory.createFromMetadata(metadata);
        } catch (IOException | RuntimeException e) {
            throw new IOException(UNREADABLE + file + ": unreadable TIFF tags (" + reason(e) + ")", e);
        }
    }

    private static <T> T withReader(Path file, ReaderAction<T> action) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException(UNREADABLE + file + ": the file cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(UNREADABLE + file + ": no decoder recognises its content");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, false);
                return action.apply(reader);
            } catch (IOException e) {
                throw e instanceof PixelInputException || String.valueOf(e.getMessage()).startsWith(UNREADABLE) ? e : unreadable(file, e);
            } catch (RuntimeException e) {
                // Decoders report corrupt data with assorted runtime exceptions as well as IIOException.
                throw unreadable(file, e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static IOException unreadable(Path file, Exception e) {
        return new IOException(UNREADABLE + file + ": " + reason(e), e);
    }

    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
