// Each component's props as its view uses them: what a spec may leave out is filled in here, once,
// where the view starts (views/index.ts), so that no view repeats a default. Types not listed get
// their props as they came.
import type { CommonProps, ComponentProps, ComponentSpec, ComponentType, DataframeProps, HighlightedTextProps, NumberProps } from "../../src/protocol/components";

const defaults = {
  // The runtime's Slider starts from 0..100 in steps of 1; a module may still unset them.
  slider: (p: NumberProps) => ({ ...p, minimum: p.minimum ?? 0, maximum: p.maximum ?? 100, step: p.step ?? 1 }),
  dataframe: (p: DataframeProps) => ({ ...p, editable: p.editable ?? true }),
  highlightedtext: (p: HighlightedTextProps) => ({ ...p, colorMap: p.colorMap ?? {} }),
} satisfies { [T in ComponentType]?: (props: ComponentProps[T]) => ComponentProps[T] };

type Defaults = typeof defaults;

/** The props of a component of type T as its view gets them. */
export type ViewProps<T extends ComponentType> = (T extends keyof Defaults ? ReturnType<Defaults[T]> : ComponentProps[T]) & CommonProps;

/** `spec`'s props with the defaults of its type filled in. */
export function viewProps<T extends ComponentType>(spec: ComponentSpec<T>): ViewProps<T> {
  const fill = (defaults as Partial<Record<ComponentType, (props: unknown) => unknown>>)[spec.type];
  return (fill ? fill(spec.props) : spec.props) as ViewProps<T>;
}
