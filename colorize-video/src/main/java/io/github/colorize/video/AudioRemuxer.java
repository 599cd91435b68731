package io.github.colorize.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avcodec.FF_COMPLIANCE_NORMAL;
import static org.bytedeco.ffmpeg.global.avutil.av_compare_ts;
import static org.bytedeco.ffmpeg.global.avutil.av_make_error_string;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Joins the colorized video stream with the source's audio streams into one file, copying the
 * compressed packets of both untouched (no decoding, no re-encoding), interleaved by time as they
 * are read, so memory stays flat for any length.
 */
final class AudioRemuxer {

  private AudioRemuxer() {}

  /**
   * Writes {@code out} ({@code container}) from the video stream of {@code video} and every audio
   * stream of {@code source}.
   *
   * @return the number of audio streams copied
   * @throws IOException if a file cannot be read or written, or the container cannot hold the
   *     source's audio codec (the message says which, and which container can)
   */
  static int mux(Path video, Path source, Path out, OutputFormat format) throws IOException {
    AVFormatContext vin = openInput(video);
    AVFormatContext ain = null;
    AVFormatContext oc = new AVFormatContext(null);
    AVPacket vp = null;
    AVPacket ap = null;
    boolean ocAllocated = false;
    try {
      ain = openInput(source);
      check(avformat_alloc_output_context2(oc, null, format.container(), out.toString()),
          "cannot create a " + format.container() + " container for " + out);
      ocAllocated = true;
      int[] vmap = addStreams(vin, oc, AVMEDIA_TYPE_VIDEO, format, source);
      int[] amap = addStreams(ain, oc, AVMEDIA_TYPE_AUDIO, format, source);
      int audio = (int) Arrays.stream(amap).filter(i -> i >= 0).count();
      if ((oc.oformat().flags() & AVFMT_NOFILE) == 0) {
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "cannot open " + out
            + " for writing");
        oc.pb(pb);
      }
      check(avformat_write_header(oc, (AVDictionary) null), "cannot write the header of " + out);
      vp = av_packet_alloc();
      ap = av_packet_alloc();
      boolean hasV = next(vin, vp, vmap);
      boolean hasA = next(ain, ap, amap);
      while (hasV || hasA) {
        boolean takeVideo = hasV && (!hasA || av_compare_ts(time(vp),
            vin.streams(vp.stream_index()).time_base(), time(ap),
            ain.streams(ap.stream_index()).time_base()) <= 0);
        if (takeVideo) {
          write(vin, oc, vp, vmap, out);
          hasV = next(vin, vp, vmap);
        } else {
          write(ain, oc, ap, amap, out);
          hasA = next(ain, ap, amap);
        }
      }
      check(av_write_trailer(oc), "cannot finish " + out);
      return audio;
    } finally {
      if (vp != null) {
        av_packet_free(vp);
      }
      if (ap != null) {
        av_packet_free(ap);
      }
      if (ocAllocated) {
        if (oc.pb() != null && (oc.oformat().flags() & AVFMT_NOFILE) == 0) {
          avio_closep(oc.pb());
        }
        avformat_free_context(oc);
      }
      avformat_close_input(vin);
      if (ain != null) {
        avformat_close_input(ain);
      }
    }
  }

  /**
   * Fails before any work if {@code source}'s audio cannot be copied into {@code format}'s
   * container (the same check {@link #mux} makes when it writes).
   */
  static void checkCopyable(AVFormatContext source, Path file, OutputFormat format)
      throws IOException {
    AVOutputFormat container = av_guess_format(format.container(), null, null);
    if (container == null) {
      throw new IOException("this FFmpeg build has no " + format.container() + " muxer");
    }
    for (int i = 0; i < source.nb_streams(); i++) {
      var par = source.streams(i).codecpar();
      if (par.codec_type() == AVMEDIA_TYPE_AUDIO
          && avformat_query_codec(container, par.codec_id(), FF_COMPLIANCE_NORMAL) != 1) {
        throw audioDoesNotFit(file, par.codec_id(), format);
      }
    }
  }

  private static IOException audioDoesNotFit(Path source, int codec, OutputFormat format) {
    return new IOException("the audio of " + source + " (" + avcodec_get_name(codec).getString()
        + ") cannot be copied into a ." + format.extension() + " file; name the output .mkv"
        + " (Matroska holds any audio codec)");
  }

  private static long time(AVPacket p) {
    return p.dts() != AV_NOPTS_VALUE ? p.dts() : p.pts();
  }

  private static AVFormatContext openInput(Path file) throws IOException {
    AVFormatContext ctx = new AVFormatContext(null);
    check(avformat_open_input(ctx, file.toString(), null, null), "cannot open " + file);
    int ret = avformat_find_stream_info(ctx, (PointerPointer<?>) null);
    if (ret < 0) {
      avformat_close_input(ctx);
      check(ret, "cannot read the streams of " + file);
    }
    return ctx;
  }

  /** Output streams for the input's streams of {@code type}; the map gives each one's index. */
  private static int[] addStreams(AVFormatContext in, AVFormatContext oc, int type,
      OutputFormat format, Path source) throws IOException {
    int[] map = new int[in.nb_streams()];
    Arrays.fill(map, -1);
    for (int i = 0; i < in.nb_streams(); i++) {
      AVStream s = in.streams(i);
      if (s.codecpar().codec_type() != type) {
        continue;
      }
      if (type == AVMEDIA_TYPE_VIDEO && Arrays.stream(map).anyMatch(m -> m >= 0)) {
        continue;
      }
      int codec = s.codecpar().codec_id();
      if (type == AVMEDIA_TYPE_AUDIO
          && avformat_query_codec(oc.oformat(), codec, FF_COMPLIANCE_NORMAL) != 1) {
        throw audioDoesNotFit(source, codec, format);
      }
      AVStream o = avformat_new_stream(oc, null);
      check(avcodec_parameters_copy(o.codecpar(), s.codecpar()), "cannot copy stream " + i);
      o.codecpar().codec_tag(0);
      o.time_base(s.time_base());
      o.disposition(s.disposition());
      map[i] = o.index();
    }
    return map;
  }

  private static boolean next(AVFormatContext in, AVPacket p, int[] map) throws IOException {
    while (true) {
      int ret = av_read_frame(in, p);
      if (ret < 0) {
        return false;
      }
      if (p.stream_index() < map.length && map[p.stream_index()] >= 0) {
        return true;
      }
      av_packet_unref(p);
    }
  }

  private static void write(AVFormatContext in, AVFormatContext oc, AVPacket p, int[] map,
      Path out) throws IOException {
    AVRational from = in.streams(p.stream_index()).time_base();
    int index = map[p.stream_index()];
    p.stream_index(index);
    av_packet_rescale_ts(p, from, oc.streams(index).time_base());
    p.pos(-1);
    // Takes the packet's reference (and unrefs it) even when it fails.
    check(av_interleaved_write_frame(oc, p), "cannot write a packet into " + out);
  }

  private static void check(int ret, String what) throws IOException {
    if (ret < 0) {
      BytePointer buf = new BytePointer(256);
      try {
        av_make_error_string(buf, 256, ret);
        throw new IOException(what + ": " + buf.getString() + " (" + ret + ")");
      } finally {
        buf.close();
      }
    }
  }
}
