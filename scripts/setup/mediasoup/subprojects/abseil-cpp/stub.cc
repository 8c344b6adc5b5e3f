// Empty placeholder translation unit (see meson.build).
namespace livebridge_stub {}
