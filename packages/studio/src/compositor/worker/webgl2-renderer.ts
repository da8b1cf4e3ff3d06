import type { Layer, Scene } from '../../scene/scene-types';
import { chromaKeyParams } from '../chroma-key';
import { gradientLine } from '../fill-gradient';
import type { FrameRect } from '../frame-rect';
import { clipSpaceMatrix, cropRect, layerMatrix } from '../layer-geometry';
import { CssColors } from './css-color';
import type { FrameContent, Renderer, SourceLookup } from './renderer';
import type { Drawable } from './source-store';
import { FRAGMENT_SHADER, VERTEX_SHADER } from './webgl2-shaders';

type Uniform =
  | 'u_matrix'
  | 'u_src'
  | 'u_fill'
  | 'u_texture'
  | 'u_color0'
  | 'u_color1'
  | 'u_boxSize'
  | 'u_gradient'
  | 'u_key'
  | 'u_keyCbCr'
  | 'u_keyParams'
  | 'u_opacity';

const UNIFORMS: Uniform[] = [
  'u_matrix',
  'u_src',
  'u_fill',
  'u_texture',
  'u_color0',
  'u_color1',
  'u_boxSize',
  'u_gradient',
  'u_key',
  'u_keyCbCr',
  'u_keyParams',
  'u_opacity',
];

interface SourceTexture {
  texture: WebGLTexture;
  version: number;
}

/** A texture the size of the output with a framebuffer drawing into it: one scene of a transition. */
interface SceneTarget {
  texture: WebGLTexture;
  framebuffer: WebGLFramebuffer;
}

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('WebGL2: cannot create a shader');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    throw new Error(`WebGL2 shader: ${gl.getShaderInfoLog(shader) ?? 'compile failed'}`);
  }
  return shader;
}

/**
 * The GPU renderer (software WebGL2 on a machine without a GPU, still far cheaper than Canvas2D
 * per-pixel keying). Source frames are uploaded to one texture per source only when a new frame
 * arrived; a transition renders each scene into its own texture and then places the two.
 */
export class WebGl2Renderer implements Renderer {
  readonly kind = 'webgl2';
  private readonly program: WebGLProgram;
  private readonly uniforms: Record<Uniform, WebGLUniformLocation | null>;
  private readonly quad: WebGLBuffer;
  private readonly vao: WebGLVertexArrayObject;
  private readonly textures = new Map<string, SourceTexture>();
  private targets: [SceneTarget, SceneTarget] | undefined;
  private readonly colors = new CssColors();

  static create(canvas: OffscreenCanvas): WebGl2Renderer | undefined {
    const gl = canvas.getContext('webgl2', {
      alpha: false,
      antialias: false,
      depth: false,
      stencil: false,
      premultipliedAlpha: false,
      preserveDrawingBuffer: false,
    });
    return gl ? new WebGl2Renderer(canvas, gl) : undefined;
  }

  private constructor(
    readonly canvas: OffscreenCanvas,
    private readonly gl: WebGL2RenderingContext,
  ) {
    const program = gl.createProgram();
    const quad = gl.createBuffer();
    const vao = gl.createVertexArray();
    if (!program || !quad || !vao) throw new Error('WebGL2: cannot create the program');
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX_SHADER));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT_SHADER));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      throw new Error(`WebGL2 program: ${gl.getProgramInfoLog(program) ?? 'link failed'}`);
    }
    this.program = program;
    this.quad = quad;
    this.vao = vao;
    this.uniforms = Object.fromEntries(
      UNIFORMS.map((name) => [name, gl.getUniformLocation(program, name)]),
    ) as Record<Uniform, WebGLUniformLocation | null>;
    gl.useProgram(program);
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, quad);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW);
    const position = gl.getAttribLocation(program, 'a_unit');
    gl.enableVertexAttribArray(position);
    gl.vertexAttribPointer(position, 2, gl.FLOAT, false, 0, 0);
    gl.uniform1i(this.uniforms.u_texture, 0);
    gl.enable(gl.BLEND);
    gl.blendFuncSeparate(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA, gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    // Frames arrive top row first and are sampled that way (v = 0 is the top of the picture).
    gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  }

  /**
   * Whether WebGL2 runs on a software rasteriser (SwiftShader, llvmpipe: a machine or browser
   * without GPU access). Drawing is still cheap there, but every frame read back from it is not:
   * measured at 1080p in headless Chromium, 110–130 ms per frame against 13 ms for Canvas2D.
   */
  get software(): boolean {
    const gl = this.gl;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    return /swiftshader|llvmpipe|softpipe|software/i.test(name);
  }

  resize(width: number, height: number): void {
    this.canvas.width = width;
    this.canvas.height = height;
    this.releaseTargets();
  }

  draw(content: FrameContent, sources: SourceLookup): void {
    const gl = this.gl;
    const { width, height } = this.canvas;
    if (content.type === 'scene') {
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      this.drawScene(content.scene, sources, width, height);
      return;
    }
    const targets = (this.targets ??= [this.createTarget(width, height), this.createTarget(width, height)]);
    const images = { from: targets[0], to: targets[1] };
    // A scene texture still bound from the last composite would make drawing into its framebuffer a
    // feedback loop, which WebGL refuses (every draw fails): unbind it first.
    gl.bindTexture(gl.TEXTURE_2D, null);
    for (const which of ['from', 'to'] as const) {
      if (!content.placements.some((p) => p.scene === which)) continue;
      gl.bindFramebuffer(gl.FRAMEBUFFER, images[which].framebuffer);
      this.drawScene(content[which], sources, width, height);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    this.clear(width, height);
    gl.uniform1i(this.uniforms.u_fill, 0);
    gl.uniform1i(this.uniforms.u_key, 0);
    for (const { scene, src, dst, alpha } of content.placements) {
      if (alpha <= 0 || src.width <= 0 || src.height <= 0) continue;
      gl.bindTexture(gl.TEXTURE_2D, images[scene].texture);
      // A framebuffer texture has the picture's top row at v = 1: flip the source rect.
      gl.uniform4f(this.uniforms.u_src, src.x, 1 - src.y, src.width, -src.height);
      this.drawQuad(this.rectMatrix(dst, width, height), alpha);
    }
  }

  releaseSource(sourceId: string): void {
    const entry = this.textures.get(sourceId);
    if (!entry) return;
    this.gl.deleteTexture(entry.texture);
    this.textures.delete(sourceId);
  }

  dispose(): void {
    const gl = this.gl;
    for (const sourceId of [...this.textures.keys()]) this.releaseSource(sourceId);
    this.releaseTargets();
    gl.deleteBuffer(this.quad);
    gl.deleteVertexArray(this.vao);
    gl.deleteProgram(this.program);
    // Give the GPU memory back now rather than when the worker is collected.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }

  private clear(width: number, height: number): void {
    const gl = this.gl;
    gl.viewport(0, 0, width, height);
    gl.clearColor(0, 0, 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
  }

  private drawScene(scene: Scene, sources: SourceLookup, width: number, height: number): void {
    this.clear(width, height);
    for (const layer of scene.layers) {
      if (!layer.visible || layer.opacity <= 0) continue;
      const drawable = sources(layer.sourceId);
      if (drawable) this.drawLayer(layer, drawable, width, height);
    }
  }

  private drawLayer(layer: Layer, drawable: Drawable, width: number, height: number): void {
    const gl = this.gl;
    const u = this.uniforms;
    const boxWidth = layer.width * width;
    const boxHeight = layer.height * height;
    if (!(boxWidth > 0 && boxHeight > 0)) return;
    const matrix = clipSpaceMatrix(layerMatrix(layer, width, height), width, height);
    if (drawable.type === 'fill') {
      const { fill } = drawable;
      const from = this.colors.rgba(fill.color);
      const to = fill.gradient ? this.colors.rgba(fill.gradient.to) : from;
      const line = gradientLine(boxWidth, boxHeight, fill.gradient?.angleDeg ?? 0);
      gl.uniform1i(u.u_fill, 1);
      gl.uniform1i(u.u_key, 0);
      gl.uniform4fv(u.u_color0, from);
      gl.uniform4fv(u.u_color1, to);
      gl.uniform2f(u.u_boxSize, boxWidth, boxHeight);
      gl.uniform4f(u.u_gradient, line.x0, line.y0, line.x1, line.y1);
      this.drawQuad(matrix, layer.opacity);
      return;
    }
    const crop = cropRect(layer.crop);
    if (!crop) return;
    this.bindSource(layer.sourceId, drawable);
    const params = layer.chromaKey && chromaKeyParams(layer.chromaKey);
    gl.uniform1i(u.u_fill, 0);
    gl.uniform1i(u.u_key, params ? 1 : 0);
    if (params) {
      gl.uniform2f(u.u_keyCbCr, params.keyCb, params.keyCr);
      gl.uniform3f(u.u_keyParams, params.similarity, params.smoothness, params.spill);
    }
    gl.uniform4f(u.u_src, crop.x, crop.y, crop.width, crop.height);
    this.drawQuad(matrix, layer.opacity);
  }

  private drawQuad(matrix: Float32Array, opacity: number): void {
    const gl = this.gl;
    gl.uniformMatrix3fv(this.uniforms.u_matrix, false, matrix);
    gl.uniform1f(this.uniforms.u_opacity, Math.min(1, opacity));
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  }

  private rectMatrix(rect: FrameRect, width: number, height: number): Float32Array {
    return clipSpaceMatrix(layerMatrix({ ...rect, rotation: 0 }, width, height), width, height);
  }

  /** Binds the source's texture, uploading its picture if it changed since the last upload. */
  private bindSource(sourceId: string, drawable: Drawable & { type: 'image' }): void {
    const gl = this.gl;
    let entry = this.textures.get(sourceId);
    if (!entry) {
      const texture = gl.createTexture();
      if (!texture) throw new Error('WebGL2: cannot create a texture');
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      entry = { texture, version: -1 };
      this.textures.set(sourceId, entry);
    }
    gl.bindTexture(gl.TEXTURE_2D, entry.texture);
    if (entry.version !== drawable.version) {
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, drawable.image);
      entry.version = drawable.version;
    }
  }

  private createTarget(width: number, height: number): SceneTarget {
    const gl = this.gl;
    const texture = gl.createTexture();
    const framebuffer = gl.createFramebuffer();
    if (!texture || !framebuffer) throw new Error('WebGL2: cannot create a transition target');
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, width, height);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    return { texture, framebuffer };
  }

  private releaseTargets(): void {
    for (const target of this.targets ?? []) {
      this.gl.deleteFramebuffer(target.framebuffer);
      this.gl.deleteTexture(target.texture);
    }
    this.targets = undefined;
  }
}
