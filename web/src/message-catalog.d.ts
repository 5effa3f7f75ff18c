declare module '@message-catalog' {
  /** The build's outside-events catalog (govit.message_catalog_json): per jurisdiction, per message. */
  const data: Record<
    string,
    Record<string, { meaning: string; correlation: string; facts: { name: string; kind: string; meaning: string; required: boolean }[] }>
  >;
  export default data;
}
