/**
 * The one program the WebGL2 renderer draws everything with: a unit quad placed by `u_matrix`
 * (layer-geometry's matrix in clip space), sampling `u_src` of a texture (a source frame, or a
 * rendered scene during a transition) or filling a colour / linear gradient, then the optional
 * chroma key (chroma-key.ts, same maths) and the layer's opacity. Output is straight (not
 * premultiplied) alpha, blended with SRC_ALPHA / ONE_MINUS_SRC_ALPHA.
 */
export const VERTEX_SHADER = `#version 300 es
in vec2 a_unit;
uniform mat3 u_matrix;
uniform vec4 u_src;
out vec2 v_uv;
out vec2 v_local;
void main() {
  vec3 position = u_matrix * vec3(a_unit, 1.0);
  gl_Position = vec4(position.xy, 0.0, 1.0);
  v_local = a_unit;
  v_uv = u_src.xy + a_unit * u_src.zw;
}
`;

export const FRAGMENT_SHADER = `#version 300 es
precision highp float;
in vec2 v_uv;
in vec2 v_local;
uniform bool u_fill;
uniform sampler2D u_texture;
uniform vec4 u_color0;
uniform vec4 u_color1;
uniform vec2 u_boxSize;
uniform vec4 u_gradient;
uniform bool u_key;
uniform vec2 u_keyCbCr;
uniform vec3 u_keyParams;
uniform float u_opacity;
out vec4 outColor;

vec2 cbcr(vec3 rgb) {
  return vec2(
    -0.1146 * rgb.r - 0.3854 * rgb.g + 0.5 * rgb.b + 0.5,
    0.5 * rgb.r - 0.4542 * rgb.g - 0.0458 * rgb.b + 0.5);
}

void main() {
  vec4 color;
  if (u_fill) {
    vec2 p = v_local * u_boxSize;
    vec2 d = u_gradient.zw - u_gradient.xy;
    float length2 = dot(d, d);
    float t = length2 > 0.0 ? clamp(dot(p - u_gradient.xy, d) / length2, 0.0, 1.0) : 0.0;
    color = mix(u_color0, u_color1, t);
  } else {
    color = texture(u_texture, v_uv);
  }
  if (u_key) {
    float margin = distance(cbcr(color.rgb), u_keyCbCr) - u_keyParams.x;
    float smoothness = u_keyParams.y;
    float spill = u_keyParams.z;
    float alpha = smoothness > 0.0 ? pow(clamp(margin / smoothness, 0.0, 1.0), 1.5) : step(1e-6, margin);
    float keep = spill > 0.0 ? pow(clamp(margin / spill, 0.0, 1.0), 1.5) : 1.0;
    float luma = dot(color.rgb, vec3(0.2126, 0.7152, 0.0722));
    color.rgb = mix(vec3(luma), color.rgb, keep);
    color.a *= alpha;
  }
  color.a *= u_opacity;
  outColor = color;
}
`;
