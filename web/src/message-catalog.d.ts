declare module '@message-catalog' {
  /** The outside-event catalog (govit/messages.py) the build exported (govit.messages_json). */
  const data: {
    kindWords: Record<string, string>;
    jurisdictions: Record<
      string,
      {
        name: string;
        meaning: string;
        correlation: string;
        facts: { name: string; kind: 'date' | 'number' | 'text' | 'list'; meaning: string; required: boolean }[];
      }[]
    >;
  };
  export default data;
}
